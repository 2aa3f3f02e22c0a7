import { demultiplex } from './container-runtime';

function frame(stream: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('demultiplex', () => {
  it('joins the payloads of stdout and stderr frames in order', () => {
    const buffer = Buffer.concat([frame(1, 'first line\n'), frame(2, 'an error\n'), frame(1, 'last\n')]);

    expect(demultiplex(buffer).toString()).toBe('first line\nan error\nlast\n');
  });

  it('returns unframed output (a TTY container) as it is', () => {
    const text = Buffer.from('{"level":"info","msg":"listening"}\n');

    expect(demultiplex(text).toString()).toBe(text.toString());
  });

  it('returns nothing for an empty log', () => {
    expect(demultiplex(Buffer.alloc(0)).length).toBe(0);
  });
});
