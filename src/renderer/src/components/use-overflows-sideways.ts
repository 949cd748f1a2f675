import { useLayoutEffect, useState } from 'react'

/**
 * Whether an element's content is wider than the element (it scrolls sideways), kept up to date as
 * either is resized. Returns the ref to give the element: a callback, since the element may appear
 * only after a load. What it holds is watched two levels down (a scroll container's inner box and the
 * table in it), since a table grows with what it loads while its container keeps its width.
 */
export function useOverflowsSideways(): [(node: HTMLElement | null) => void, boolean] {
  const [node, setNode] = useState<HTMLElement | null>(null)
  const [overflows, setOverflows] = useState(false)
  useLayoutEffect(() => {
    if (!node) return
    const measure = () => setOverflows(node.scrollWidth > node.clientWidth)
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(node)
    for (const inside of node.querySelectorAll(':scope > *, :scope > * > *')) observer.observe(inside)
    return () => observer.disconnect()
  }, [node])
  return [setNode, overflows]
}
