// The vendored view layer and reactive values, in one place: Preact + hooks + htm (htm's standalone bundle) and
// @preact/signals-core. htm escapes every interpolated value, so data is always text, never markup.
export {
  Component, html, render, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState,
} from '../vendor/htm/preact/standalone.module.js';
import { useEffect, useState } from '../vendor/htm/preact/standalone.module.js';
import { effect } from '../vendor/signals-core/dist/signals-core.module.js';

export { batch, computed, effect, signal } from '../vendor/signals-core/dist/signals-core.module.js';

/** The current value of a signal (or computed) in a component; it re-renders when the value changes. */
export function useValue(source) {
  const [, setVersion] = useState(0);
  useEffect(() => {
    let first = true;
    return effect(() => {
      source.value; // subscribe
      if (!first) setVersion((v) => v + 1);
      first = false;
    });
  }, [source]);
  return source.peek();
}
