import { useLayoutEffect, useState, type RefObject } from 'react'

/**
 * The width of an element, in px, kept up to date as it is resized. Read before the first paint:
 * Mantine's useElementSize starts at 0 and measures a frame later, so a layout chosen by width drew
 * once at 0 and then jumped.
 */
export function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0)
  useLayoutEffect(() => {
    const node = ref.current
    if (!node) return
    setWidth(node.clientWidth)
    const observer = new ResizeObserver(() => setWidth(node.clientWidth))
    observer.observe(node)
    return () => observer.disconnect()
  }, [ref])
  return width
}
