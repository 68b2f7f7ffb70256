// A JSON answer of the form `{ "<key>": [ ... ] }` streamed in chunks of `perChunk` items, as a
// vendor with a large answer sends it: the simulated Workday report and HiBob search use it, so
// the connectors' streaming parsers see many chunks, and a 100k-item answer is never one string.
export function jsonListBody<T>(
  key: string,
  items: readonly T[],
  toJson: (item: T) => unknown,
  perChunk = 500,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      const slice = items.slice(index, index + perChunk).map((item) => JSON.stringify(toJson(item)));
      const head = index === 0 ? `{${JSON.stringify(key)}:[` : ',';
      index += perChunk;
      const done = index >= items.length;
      controller.enqueue(encoder.encode(`${head}${slice.join(',')}${done ? ']}' : ''}`));
      if (done) controller.close();
    },
  });
}
