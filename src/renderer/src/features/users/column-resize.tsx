import { useRef, type KeyboardEvent, type PointerEvent } from 'react'

/** What the settings accept for a remembered width (see `settings.update`). */
export const COLUMN_MIN_PX = 40
export const COLUMN_MAX_PX = 2000
/** One arrow key press; with Shift, four. */
const KEY_STEP_PX = 16

export const clampWidth = (px: number, min: number) =>
  Math.round(Math.min(COLUMN_MAX_PX, Math.max(min, COLUMN_MIN_PX, px)))

/**
 * The drag handle on a header cell's right edge. A drag shows the new width as it goes (`onDraft`)
 * and keeps it when released (`onCommit`); arrow keys change it a step at a time, Enter or a double
 * click goes back to the column's own width (`onReset`).
 */
export function ColumnResizer({
  label,
  width,
  given,
  min,
  onDraft,
  onCommit,
  onReset,
}: {
  label: string
  /** The column's width now, in pixels, as laid out. */
  width: () => number
  /** The width it was given, for assistive technology; undefined while it takes its share of the space. */
  given: number | undefined
  min: number
  onDraft(px: number): void
  onCommit(px: number): void
  onReset(): void
}) {
  const drag = useRef<{ x: number; from: number; to: number } | null>(null)

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return
    e.preventDefault()
    e.stopPropagation()
    e.currentTarget.setPointerCapture(e.pointerId)
    const from = width()
    drag.current = { x: e.clientX, from, to: from }
  }
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current
    if (!d) return
    d.to = clampWidth(d.from + e.clientX - d.x, min)
    onDraft(d.to)
  }
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current
    drag.current = null
    e.currentTarget.releasePointerCapture(e.pointerId)
    if (d && d.to !== d.from) onCommit(d.to)
  }
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? KEY_STEP_PX * 4 : KEY_STEP_PX
    const by = e.key === 'ArrowRight' ? step : e.key === 'ArrowLeft' ? -step : 0
    if (by === 0 && e.key !== 'Enter') return
    // The table's own keys (rows, Home, End) must not move the selection while a column is resized.
    e.preventDefault()
    e.stopPropagation()
    if (by === 0) onReset()
    else onCommit(clampWidth(width() + by, min))
  }

  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${label} column`}
      aria-valuenow={given}
      aria-valuemin={Math.max(min, COLUMN_MIN_PX)}
      aria-valuemax={COLUMN_MAX_PX}
      tabIndex={0}
      className="ud-users-resizer"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={(e) => {
        e.stopPropagation()
        onReset()
      }}
      onKeyDown={onKeyDown}
    />
  )
}
