/**
 * The IO half of the wasm boundary: performs the steps of a core task (`Core.task`) until it
 * settles. The core decides everything (pacing, retries, waits, what to send, how to read the
 * answer); this loop only fetches, waits and hands upload bodies to the runtime's sender, and
 * honours the caller's signal in every one of them.
 */
export async function drive(task, signal, sendBody) {
  try {
    let step = next(task, 'start');
    for (;;) {
      if (step.type === 'http') step = await fetchStep(task, step, signal);
      else if (step.type === 'wait') step = next(task, (await sleep(step.ms, signal)) ? 'woke' : 'stopped');
      else if (step.type === 'body') {
        if (signal?.aborted) step = next(task, 'stopped');
        else {
          // The sender's own failures (network, abort, progress callback) pass through; a
          // node silent past `answerTimeoutMs` is the core's to word.
          const answer = await sendBody(step.request);
          step = answer.timedOut ? next(task, 'timeout') : next(task, 'sent', answer.status, answer.body);
        }
      } else if (step.type === 'done') return step.value;
      else throw task.error();
    }
  } finally {
    task.free();
  }
}

async function fetchStep(task, step, signal) {
  // Aborted before sending: nothing reached 1fichier.
  if (signal?.aborted) return next(task, 'stopped');
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    step.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, step.timeoutMs)
      : undefined;
  const forward = () => controller.abort();
  signal?.addEventListener('abort', forward);
  let response;
  let text;
  try {
    step.init.signal = controller.signal;
    response = await fetch(step.url, step.init);
    text = await response.text();
  } catch (error) {
    const kind = timedOut ? 'timeout' : signal?.aborted ? 'aborted' : 'network';
    return next(task, kind, 0, describe(error));
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forward);
  }
  return JSON.parse(task.answer(Date.now(), response, text));
}

/** Feeds an event to the task and reads the next step. */
function next(task, event, status = 0, text = '') {
  return JSON.parse(task.next(event, Date.now(), status, text));
}

/** `fetch failed` alone helps nobody: Node puts the reason (ECONNREFUSED…) in `cause`. */
function describe(error) {
  const reason = error?.cause?.code || error?.cause?.message;
  const message = error?.message || 'fetch failed';
  return reason ? `${message}: ${reason}` : message;
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms, signal) {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (completed) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(completed);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort);
  });
}
