// Wiring only: the extension's adapters live in src/vscode/ (next issue).
export function activate(): void {}
export function deactivate(): void {}
