package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/wiredesk/wiredesk/store"
)

const withdrawalsUsage = `Usage: wiredesk withdrawals <list|log> [flags]

  list   the stories withdrawn now: when, by whom, why
  log    every withdrawal and restoration, oldest first

Examples:
  wiredesk withdrawals list --db wiredesk.db
  wiredesk withdrawals log --db wiredesk.db
`

func cmdWithdrawals(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.stderr, withdrawalsUsage)
		if len(args) == 0 {
			return usageError{fmt.Errorf("withdrawals: a subcommand is required (list or log)")}
		}
		return nil
	}
	var list bool
	switch args[0] {
	case "list":
		list = true
	case "log":
	default:
		return usageError{fmt.Errorf("withdrawals: unknown subcommand %q (want list or log)", args[0])}
	}
	fs := newFlags(e, "withdrawals "+args[0], "Print the stories withdrawn now (list) or the whole editorial log (log).",
		"wiredesk withdrawals "+args[0]+" --db wiredesk.db")
	dbPath := fs.String("db", envOr(envDB, "wiredesk.db"), dbUsage)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeQuiet(e, db)
	var evs []store.EditorialEvent
	if list {
		evs, err = db.Withdrawn(ctx)
	} else {
		evs, err = editorialLog(ctx, db)
	}
	if err != nil {
		return err
	}
	if len(evs) == 0 {
		if list {
			fmt.Fprintln(e.stdout, "no story is withdrawn")
		} else {
			fmt.Fprintln(e.stdout, "the editorial log is empty")
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN (UTC)\tACTION\tID\tBY\tREASON\tTITLE")
	for _, ev := range evs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", ev.At.UTC().Format(time.DateTime), ev.Action, ev.ItemID,
			orDash(ev.By), orDash(ev.Reason), orDash(ev.Title))
	}
	return tw.Flush()
}

// editorialLog reads the whole editorial log, a page at a time.
func editorialLog(ctx context.Context, db store.Store) ([]store.EditorialEvent, error) {
	var all []store.EditorialEvent
	var after int64
	for {
		page, err := db.EditorialLog(ctx, after)
		if err != nil {
			return nil, err
		}
		if len(page) == 0 {
			return all, nil
		}
		all = append(all, page...)
		after = page[len(page)-1].Seq
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
