// Package archtest holds no code: its test checks that every import in
// the module goes the one direction docs/ARCHITECTURE.md draws (story at
// the bottom, the stores and the two sides above it, cmd at the top), and
// that database drivers stay inside their store backends.
package archtest
