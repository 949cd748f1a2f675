import {
  memo,
  useCallback,
  useEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react'
import { Center, Group, Loader, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import {
  IconArrowDown,
  IconArrowUp,
  IconArrowsSort,
  IconMail,
  IconMailOff,
  IconPhone,
  IconPhoneOff,
  IconShieldCheck,
} from '@tabler/icons-react'
import type { UserRecord } from '@shared/models'
import type { SortableUserField, UserSort } from '@shared/contract/users'
import { dayText } from '@shared/clock'
import { ColumnResizer } from './column-resize'
import { focusIsFree } from '../../components/screen-title'
import './users-table.css'

const ROW_HEIGHT = 40
/**
 * Room left under the last row while rows are picked: the selection bar (one line, 52 px, 12 px above
 * the list's foot) floats over the foot of the list, so picking the first row moves no row under the
 * pointer, and the last rows scroll clear of it.
 */
const SELECTION_BAR_ROOM = 72
/** Start fetching the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 60

/** Gives the users list focus, where its arrows, Enter and Space work; false where no list is shown. */
export function focusUsersList(): boolean {
  const list = document.querySelector<HTMLElement>('[data-testid="users-scroller"]')
  list?.focus({ preventScroll: true })
  return list !== null && document.activeElement === list
}

interface Column {
  key: string
  label: string
  sort?: SortableUserField
  /** Its width until the person gives it one; with `grow`, its least width, taking that share of what is left. */
  px: number
  grow?: number
  /** The narrowest it may be made, in pixels. */
  min: number
}

const PICK_PX = 36

const columns: Column[] = [
  { key: 'name', label: 'Name', sort: 'name', px: 130, grow: 1.2, min: 80 },
  { key: 'email', label: 'Email', sort: 'email', px: 168, grow: 1.6, min: 80 },
  { key: 'phone', label: 'Phone', sort: 'phone', px: 132, min: 60 },
  { key: 'status', label: 'Status', sort: 'status', px: 90, min: 60 },
  { key: 'verified', label: 'Verified', sort: 'emailVerification', px: 96, min: 60 },
  { key: 'labels', label: 'Labels', px: 84, grow: 1, min: 60 },
  { key: 'mfa', label: 'MFA', px: 48, min: 40 },
  { key: 'registration', label: 'Registered', sort: 'registration', px: 124, min: 80 },
  { key: 'accessedAt', label: 'Last access', sort: 'accessedAt', px: 128, min: 80 },
]

/** The grid's tracks with the widths the person gave, and the least width a row then needs. */
function gridOf(widths: Readonly<Record<string, number>>): CSSProperties {
  const tracks = columns.map((c) => {
    const given = widths[c.key]
    return given ? `${given}px` : c.grow ? `minmax(${c.px}px, ${c.grow}fr)` : `${c.px}px`
  })
  const least = columns.reduce((sum, c) => sum + (widths[c.key] ?? c.px), PICK_PX)
  return {
    '--ud-users-columns': [`${PICK_PX}px`, ...tracks].join(' '),
    '--ud-users-min-width': `${least}px`,
  } as CSSProperties
}

/** How a row was clicked: twice (opens), with Shift (picks a range), with Ctrl or ⌘ (picks one). */
interface RowClick {
  open: boolean
  range: boolean
  toggle: boolean
}

/**
 * A Shift-click picks a range of rows, as in a file manager; left to the browser, it would also select
 * the text of every cell between the two clicks. A double click opens the row; left to the browser,
 * it would also select the word under it. Either way focus goes to the table, as a plain click's does.
 * A press and drag still selects a cell's text to copy.
 */
function keepTextUnselected(e: MouseEvent<HTMLDivElement>): void {
  if (!e.shiftKey && e.detail < 2) return
  e.preventDefault()
  e.currentTarget.closest<HTMLElement>('[role=table]')?.focus({ preventScroll: true })
}

/**
 * One row, in plain elements: during a fast scroll dozens mount per frame, and Mantine's style
 * props cost more than the row itself. Memoised, so a scroll re-renders only rows that appear.
 */
const UserRow = memo(function UserRow({
  user,
  index,
  selected,
  picked,
  top,
  onClick,
  onPick,
}: {
  user: UserRecord
  index: number
  selected: boolean
  picked: boolean
  top: number
  onClick: (index: number, click: RowClick) => void
  onPick: (index: number, range: boolean) => void
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className="ud-users-row"
      data-user-id={user.id}
      data-selected={selected || undefined}
      data-picked={picked || undefined}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={keepTextUnselected}
      onClick={(e) =>
        onClick(index, { open: e.detail >= 2, range: e.shiftKey, toggle: e.ctrlKey || e.metaKey })
      }
    >
      <div role="cell" className="ud-users-cell ud-users-pick" onClick={(e) => e.stopPropagation()}>
        <input
          type="checkbox"
          checked={picked}
          aria-label={`Pick ${user.email || user.phone || user.name || user.id}`}
          onChange={() => {}}
          onClick={(e) => onPick(index, e.shiftKey)}
        />
      </div>
      <div role="cell" className="ud-users-cell ud-strong" data-private>
        {user.name || <span className="ud-dim ud-italic">No name · {user.id}</span>}
      </div>
      <div role="cell" className="ud-users-cell" data-private>
        {user.email || <span className="ud-dim">—</span>}
      </div>
      <div role="cell" className="ud-users-cell" data-private>
        {user.phone || <span className="ud-dim">—</span>}
      </div>
      <div role="cell" className="ud-users-cell">
        <span className={user.status ? 'ud-pill ud-pill-green' : 'ud-pill ud-pill-red'}>
          {user.status ? 'Active' : 'Blocked'}
        </span>
      </div>
      <div role="cell" className="ud-users-cell ud-icons">
        {user.email &&
          (user.emailVerification ? (
            <IconMail size={16} className="ud-ok" aria-label="Email verified" />
          ) : (
            <IconMailOff size={16} className="ud-off" aria-label="Email not verified" />
          ))}
        {user.phone &&
          (user.phoneVerification ? (
            <IconPhone size={16} className="ud-ok" aria-label="Phone verified" />
          ) : (
            <IconPhoneOff size={16} className="ud-off" aria-label="Phone not verified" />
          ))}
      </div>
      <div role="cell" className="ud-users-cell ud-icons">
        {user.labels.slice(0, 3).map((l) => (
          <span key={l} className="ud-pill ud-pill-outline">
            {l}
          </span>
        ))}
        {user.labels.length > 3 && <span className="ud-dim">+{user.labels.length - 3}</span>}
      </div>
      <div role="cell" className="ud-users-cell">
        {user.mfa && <IconShieldCheck size={16} className="ud-mfa" aria-label="MFA on" />}
      </div>
      <div role="cell" className="ud-users-cell">
        {dayText(user.registration)}
      </div>
      <div role="cell" className="ud-users-cell">
        {user.accessedAt ? dayText(user.accessedAt) : <span className="ud-dim">Never</span>}
      </div>
    </div>
  )
})

function SortHeader({
  column,
  sort,
  onSort,
  unavailable,
  cellRef,
  resizer,
}: {
  column: Column
  sort: UserSort | null
  onSort: (sort: UserSort | null) => void
  /** Why this project's server cannot sort by the column, if it cannot. */
  unavailable: string | undefined
  cellRef: (el: HTMLDivElement | null) => void
  resizer: ReactNode
}) {
  if (column.sort && unavailable) {
    return (
      <div role="columnheader" className="ud-users-header-cell" ref={cellRef}>
        <Tooltip label={unavailable}>
          <span className="ud-users-sort" data-unsortable aria-label={`${column.label}: ${unavailable}`}>
            {column.label}
          </span>
        </Tooltip>
        {resizer}
      </div>
    )
  }
  if (!column.sort) {
    return (
      <div role="columnheader" className="ud-users-header-cell" ref={cellRef}>
        {column.label}
        {resizer}
      </div>
    )
  }
  const active = sort?.field === column.sort
  const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'
  // Ascending, then descending, then back to Appwrite's own order (oldest first).
  const next = (): UserSort | null =>
    !active
      ? { field: column.sort!, direction: 'asc' }
      : sort.direction === 'asc'
        ? { field: column.sort!, direction: 'desc' }
        : null
  const Icon = !active ? IconArrowsSort : sort.direction === 'asc' ? IconArrowUp : IconArrowDown
  return (
    <div role="columnheader" aria-sort={ariaSort} className="ud-users-header-cell" ref={cellRef}>
      <UnstyledButton className="ud-users-sort" onClick={() => onSort(next())}>
        {column.label}
        <Icon size={14} opacity={active ? 1 : 0.35} />
      </UnstyledButton>
      {resizer}
    </div>
  )
}

export interface UsersTableProps {
  users: UserRecord[]
  total: number
  hasMore: boolean
  loadingMore: boolean
  selected: number
  picked: ReadonlySet<string>
  /** Every loaded row is picked, or "all matching". */
  allPicked: boolean
  sort: UserSort | null
  onPick(index: number, range: boolean): void
  onPickAll(all: boolean): void
  onSort(sort: UserSort | null): void
  /** Columns this project's server cannot sort by, with the reason to show. */
  unsortable?: Partial<Record<SortableUserField, string>>
  onSelect(index: number): void
  onOpen(user: UserRecord): void
  onLoadMore(): void
  /** Column widths the person set, in pixels by column key; the others share the space. */
  columnWidths: Readonly<Record<string, number>>
  /** Every set width after one changed, to be remembered. */
  onColumnWidths(widths: Record<string, number>): void
}

/**
 * Only the rows in view are in the DOM, so ten thousand loaded users scroll like fifty; the next page
 * is asked for well before the last row shows.
 */
export function UsersTable(props: UsersTableProps) {
  const { users, hasMore, loadingMore, selected, onLoadMore } = props
  const scrollRef = useRef<HTMLDivElement>(null)
  // The virtualizer re-renders on scroll by design; the compiler's memoising is not wanted here.
  const barRoom = props.picked.size > 0 ? SELECTION_BAR_ROOM : 0
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: users.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    paddingEnd: barRoom,
    scrollPaddingEnd: barRoom,
    // Rows are drawn in the first render, before the list's own height has been measured.
    initialRect: { width: 0, height: window.innerHeight },
    // Let React batch scroll updates instead of flushing each one synchronously.
    useFlushSync: false,
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.at(-1)?.index ?? 0

  // While a handle is dragged, the width shown is a draft; it is remembered once the drag ends.
  const [draft, setDraft] = useState<{ key: string; px: number } | null>(null)
  const widths = draft ? { ...props.columnWidths, [draft.key]: draft.px } : props.columnWidths
  const headerCells = useRef(new Map<string, HTMLDivElement>())
  const resizer = (c: Column) => {
    const setWidths = (next: Record<string, number>) => {
      setDraft(null)
      props.onColumnWidths(next)
    }
    return (
      <ColumnResizer
        label={c.label}
        width={() => headerCells.current.get(c.key)?.getBoundingClientRect().width ?? c.min}
        given={widths[c.key]}
        min={c.min}
        onDraft={(px) => setDraft({ key: c.key, px })}
        onCommit={(px) => setWidths({ ...props.columnWidths, [c.key]: px })}
        onReset={() => {
          const { [c.key]: _reset, ...rest } = props.columnWidths
          setWidths(rest)
        }}
      />
    )
  }

  // Shown while focus is free (on nothing or on the screen's title: the window just opened, G then U
  // from another screen), the list takes it: the arrows and Enter the line under it names work at once,
  // without a Tab to it first.
  useEffect(() => {
    if (focusIsFree()) scrollRef.current?.focus({ preventScroll: true })
  }, [])

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= users.length - PREFETCH_ROWS) onLoadMore()
  }, [hasMore, loadingMore, lastIndex, users.length, onLoadMore])

  // Stable, so the memoised rows stay put while the list scrolls.
  const latest = useRef(props)
  useEffect(() => {
    latest.current = props
  })
  // A pick is made before the keyboard's row moves to it: a range with no anchor starts at that row.
  const onPick = useCallback((index: number, range: boolean) => {
    latest.current.onPick(index, range)
    latest.current.onSelect(index)
  }, [])
  const onRowClick = useCallback(
    (index: number, { open, range, toggle }: RowClick) => {
      const { users, onSelect, onOpen } = latest.current
      if (range || toggle) return onPick(index, range)
      onSelect(index)
      if (open && users[index]) onOpen(users[index])
    },
    [onPick],
  )

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1)
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: -users.length,
      End: users.length,
    }
    if (e.key in moves) {
      e.preventDefault()
      const index = Math.max(0, Math.min(users.length - 1, selected + moves[e.key]!))
      props.onSelect(index)
      virtualizer.scrollToIndex(index, { align: 'auto' })
    } else if (e.key === 'Enter' && users[selected]) {
      e.preventDefault()
      props.onOpen(users[selected])
    } else if (e.key === ' ' && users[selected]) {
      e.preventDefault()
      props.onPick(selected, e.shiftKey)
    } else if (e.key.toLowerCase() === 'a' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      props.onPickAll(true)
    } else if (e.key === 'Escape' && props.picked.size > 0) {
      e.preventDefault()
      props.onPickAll(false)
    }
  }

  return (
    <div
      ref={scrollRef}
      className="ud-users-scroller"
      tabIndex={0}
      role="table"
      aria-label="Users"
      aria-rowcount={props.total + 1}
      onKeyDown={onKeyDown}
      data-testid="users-scroller"
      style={gridOf(widths)}
    >
      <div role="rowgroup" className="ud-users-header">
        <div role="row" aria-rowindex={1} className="ud-users-header-row">
          <div role="columnheader" className="ud-users-header-cell ud-users-pick">
            <input
              type="checkbox"
              aria-label="Pick every loaded user"
              checked={props.allPicked}
              ref={(el) => {
                if (el) el.indeterminate = props.picked.size > 0 && !props.allPicked
              }}
              onChange={(e) => props.onPickAll(e.currentTarget.checked)}
            />
          </div>
          {columns.map((c) => (
            <SortHeader
              key={c.key}
              column={c}
              sort={props.sort}
              onSort={props.onSort}
              unavailable={c.sort ? props.unsortable?.[c.sort] : undefined}
              cellRef={(el) => {
                if (el) headerCells.current.set(c.key, el)
                else headerCells.current.delete(c.key)
              }}
              resizer={resizer(c)}
            />
          ))}
        </div>
      </div>
      <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const user = users[item.index]
          if (!user) {
            return (
              <div key="more" className="ud-users-row" style={{ transform: `translateY(${item.start}px)` }}>
                <Center w="100%">
                  <Group gap="xs">
                    <Loader size="xs" />
                    <Text size="sm" c="dimmed">
                      Loading more users…
                    </Text>
                  </Group>
                </Center>
              </div>
            )
          }
          return (
            <UserRow
              key={user.id}
              user={user}
              index={item.index}
              selected={item.index === selected}
              picked={props.picked.has(user.id)}
              top={item.start}
              onClick={onRowClick}
              onPick={onPick}
            />
          )
        })}
      </div>
    </div>
  )
}
