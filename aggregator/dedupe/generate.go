package dedupe

//go:generate go run ./internal/evalgen -in testdata/stories.txt -out testdata/eval.jsonl
