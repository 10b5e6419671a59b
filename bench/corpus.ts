// A deterministic corpus in our users' style: notes with front matter, markers, tables,
// lists, quotes, footnotes and reference links. Same seed, same bytes.

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ('the speaker said gateway mesh latency budget migration cluster team panel keynote roadmap release '
  + 'vendor policy route traffic sampling cost adoption survey benchmark proxy platform engineers portal data '
  + 'numbers growth year quarter slide demo audience question answer tooling standard version support').split(' ');
const MARKERS = ['(speaker opinion)', 'is speaker paraphrase—no verbatim source captured', '(not verified in this research)',
  'which remains predictive', 'from an internal poll, usable only as show context', '—metaphor only', '(speaker judgment)', 'could not be fetched'];

/**
 * One note of about `targetBytes`. `marks` scales how often a sentence carries a marker: 1 (the
 * default, about one claim per 640 bytes) keeps the bytes of earlier runs; 1.7 gives the density
 * of real research notes, about one claim per 400 bytes.
 */
export function makeNote(rand: () => number, targetBytes: number, id = 0, marks = 1): string {
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)];
  const sentence = (marked: boolean) => {
    const n = 8 + Math.floor(rand() * 14);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(pick(WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    if (rand() < 0.15) words.splice(3, 0, `[${pick(WORDS)} notes](https://example.org/${id}/${Math.floor(rand() * 1000)})`);
    if (rand() < 0.08) words.splice(2, 0, '`config.yaml`');
    if (rand() < 0.1) words.push('[ref' + Math.floor(rand() * 5) + ']');
    if (rand() < 0.05) words.push('[^f' + Math.floor(rand() * 3) + ']');
    if (marked) words.push(pick(MARKERS));
    return words.join(' ') + '.';
  };
  const para = () => {
    const n = 2 + Math.floor(rand() * 4);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(sentence(rand() < 0.2 * marks));
    // Wrap like hand-written notes do.
    return out.join(' ').replace(/(.{70,90}?) /g, '$1\n');
  };
  const parts: string[] = [`---\ntitle: Note ${id}\nsource:\n  url: https://media.example.org/${id}.mp4\n  title: Recording ${id}\n---\n`, `# Note ${id}\n`];
  let size = parts.join('\n').length;
  while (size < targetBytes) {
    const r = rand();
    let block: string;
    if (r < 0.55) block = para();
    else if (r < 0.7) block = Array.from({ length: 3 + Math.floor(rand() * 4) }, () => `- ${sentence(rand() < 0.25 * marks)}`).join('\n');
    else if (r < 0.8) block = `| Topic | Claim | Evidence |\n|---|---|---|\n` + Array.from({ length: 4 }, () => `| ${pick(WORDS)} | ${sentence(false)} | ${sentence(rand() < 0.3 * marks)} |`).join('\n');
    else if (r < 0.88) block = `> ${sentence(rand() < 0.3 * marks)}\n> ${sentence(false)}`;
    else if (r < 0.93) block = '```yaml\nkind: HTTPRoute # speaker opinion\nspec: {}\n```';
    else block = `## ${sentence(false)}`;
    parts.push(block);
    size += block.length + 2;
  }
  parts.push('[ref0]: https://example.org/r0 "Ref zero"\n[ref1]: https://example.org/r1\n[ref2]: https://example.org/r2\n[ref3]: https://example.org/r3\n[ref4]: https://example.org/r4');
  parts.push('[^f0]: Speaker paraphrase from the Q&A.\n[^f1]: See [the post](https://example.org/post).\n[^f2]: Oral remarks.');
  return parts.join('\n\n') + '\n';
}

/** Notes of 2 KB to 200 KB, adding up to about `totalBytes` (`marks` as for makeNote). */
export function makeCorpus(seed: number, totalBytes: number, marks = 1): string[] {
  const rand = rng(seed);
  const notes: string[] = [];
  let total = 0;
  for (let id = 0; total < totalBytes; id++) {
    const size = Math.floor(2048 * Math.pow(100, rand()));
    const note = makeNote(rand, size, id, marks);
    notes.push(note);
    total += note.length;
  }
  return notes;
}
