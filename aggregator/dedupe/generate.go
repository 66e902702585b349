package dedupe

//go:generate go run ./internal/evalgen -dir testdata
