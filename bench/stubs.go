package main

import ("context";"io")

func benchPollScale(ctx context.Context, b *bench) error { return nil }
func benchStore(ctx context.Context, b *bench) error { return nil }
func runSimulator(ctx context.Context, args []string, w io.Writer) error { return nil }
func runRawPoll(ctx context.Context, args []string, w io.Writer) error { return nil }
