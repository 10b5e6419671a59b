import type { Source } from './types';

const TIME = /(?<![\d:.])(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)(?![\d:])/g;
const MEDIA = /\.(?:mp3|mp4|m4a|m4v|wav|ogg|oga|ogv|webm|mov|aac|flac|opus)(?:[?#]|$)/i;
const YOUTUBE = /^https?:\/\/(?:www\.|m\.)?(?:youtube\.com|youtu\.be)\//i;

/** A recording: a registry source of kind `recording`, or a note source whose URL is media. */
export function isRecording(s: Pick<Source, 'url' | 'kind'>): boolean {
  if (s.kind === 'recording') return true;
  return !!s.url && (MEDIA.test(s.url) || YOUTUBE.test(s.url) || /^https?:\/\/(?:www\.)?vimeo\.com\//i.test(s.url));
}

/** Every time in a text, with its offset. Times like 12:34 only; dates and ratios do not match. */
export function findTimes(text: string): Array<{ start: number; end: number; seconds: number }> {
  const out: Array<{ start: number; end: number; seconds: number }> = [];
  TIME.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TIME.exec(text)) !== null) {
    const h = m[1] ? Number(m[1]) : 0;
    out.push({ start: m.index, end: m.index + m[0].length, seconds: h * 3600 + Number(m[2]) * 60 + Number(m[3]) });
  }
  return out;
}

/** The recording's URL at a moment: YouTube's `t=`, the `#t=` media fragment elsewhere. */
export function timestampUrl(url: string, seconds: number): string {
  if (YOUTUBE.test(url)) {
    const hash = url.indexOf('#');
    const base = hash < 0 ? url : url.slice(0, hash);
    const cleaned = base.replace(/([?&])t=[^&]*(&|$)/, (_m, a: string, b: string) => (b ? a : '')).replace(/[?&]$/, '');
    return `${cleaned}${cleaned.includes('?') ? '&' : '?'}t=${seconds}s`;
  }
  const hash = url.indexOf('#');
  return `${hash < 0 ? url : url.slice(0, hash)}#t=${seconds}`;
}
