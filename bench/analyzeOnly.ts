// The core alone, for the bench's memory measurement in a fresh process.
export { analyzeText } from '../src/core/analyze';
