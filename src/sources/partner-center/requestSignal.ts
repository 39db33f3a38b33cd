/**
 * The signal of one HTTP attempt: aborts when the run is aborted or after `timeoutMs`. `done()` clears the
 * timer and unhooks it from the run's signal, so thousands of requests leave nothing behind (a signal
 * combined with AbortSignal.any stays referenced by the run's signal until that one aborts).
 */
export interface RequestSignal {
  signal: AbortSignal;
  /** True when the timeout, not the run, aborted the request. */
  readonly timedOut: boolean;
  done(): void;
}

export function requestSignal(timeoutMs: number, parent?: AbortSignal): RequestSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const onAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onAbort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    done() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}
