package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// checkpointEvery is how often the background checkpointer copies the
// pages committed to the WAL into the database file.
const checkpointEvery = 500 * time.Millisecond

// checkpointer runs WAL checkpoints on a connection of its own, off the
// writer's path. SQLite's automatic checkpoint runs inside the commit
// that crosses its threshold: a fifth of the writer's time on a busy
// poll, and the writer is the one thing fetches queue for. A PASSIVE
// checkpoint never blocks readers or the writer; the writer keeps a far
// larger automatic threshold (dsn) as a safety net should this one fall
// behind. Every half second is also the most a power cut can take from
// synchronous=NORMAL once a checkpoint has synced the WAL.
type checkpointer struct {
	conn *sql.DB
	stop chan struct{}
	done chan struct{}
	runs atomic.Int64 // checkpoints run, for tests
	once sync.Once    // close

	mu  sync.Mutex
	err error // the last failure, reported by close
}

func startCheckpointer(path string) (*checkpointer, error) {
	conn, err := sql.Open("sqlite", dsn(path, roleCheckpoint))
	if err != nil {
		return nil, fmt.Errorf("checkpointer: %w", err)
	}
	conn.SetMaxOpenConns(1)
	c := &checkpointer{conn: conn, stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c, nil
}

func (c *checkpointer) run() {
	defer close(c.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			c.checkpoint()
		}
	}
}

func (c *checkpointer) checkpoint() {
	var busy, logged, copied int
	err := c.conn.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logged, &copied)
	c.runs.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.err = fmt.Errorf("checkpoint: %w", err)
	} else {
		c.err = nil
	}
}

// close stops the checkpointer and closes its connection, returning the
// last checkpoint's failure if it failed (the writer's own checkpoints
// covered for it).
func (c *checkpointer) close() error {
	c.once.Do(func() { close(c.stop) })
	<-c.done
	c.mu.Lock()
	err := c.err
	c.mu.Unlock()
	if cerr := c.conn.Close(); cerr != nil {
		return fmt.Errorf("checkpointer: close: %w", cerr)
	}
	return err
}
