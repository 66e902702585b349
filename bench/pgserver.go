package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wiredesk/wiredesk/internal/pgcluster"
)

// pgServer is the throwaway PostgreSQL cluster of a run with -db
// postgres, started at first use and stopped at the end of the run: the
// same settings as the tests' (no fsync: the figure compares the stores'
// work, not the disks').
type pgServer struct {
	c *pgcluster.Cluster
}

func (b *bench) postgres(ctx context.Context) (*pgServer, error) {
	if b.pg != nil {
		return b.pg, nil
	}
	c, err := pgcluster.Start(ctx)
	if err != nil {
		return nil, fmt.Errorf("start PostgreSQL: %w", err)
	}
	b.pg = &pgServer{c: c}
	return b.pg, nil
}

func (b *bench) stopPostgres() {
	if b.pg == nil {
		return
	}
	if err := b.pg.c.Stop(); err != nil {
		b.rep.Logf("   stop PostgreSQL: %v", err)
	}
	b.pg = nil
}

// database creates an empty database and returns its URL.
func (p *pgServer) database(ctx context.Context, name string) (string, error) {
	conn, err := pgx.Connect(ctx, p.c.URL())
	if err != nil {
		return "", fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
		return "", fmt.Errorf("drop database %s: %w", name, err)
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	u, err := url.Parse(p.c.URL())
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// cpu is the CPU time the server's processes have used so far: the
// postmaster's own and its exited children's (cutime, cstime: a backend's
// CPU moves there when its connection closes), and the live children's.
// A backend that exits between the two reads is missed or counted twice;
// the cycle's hundreds of milliseconds dwarf the few it may cost.
func (p *pgServer) cpu() time.Duration {
	pid, err := p.c.PID()
	if err != nil {
		return 0
	}
	pids, err := withChildren(pid)
	if err != nil {
		return 0
	}
	var ticks int64
	for _, id := range pids {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", id))
		if err != nil {
			continue // ended meanwhile
		}
		s := string(data)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 15 {
			continue
		}
		for _, v := range f[11:15] { // utime, stime, cutime, cstime: fields 14 to 17
			n, err := strconv.ParseInt(v, 10, 64)
			if err == nil {
				ticks += n
			}
		}
	}
	return time.Duration(ticks) * clockTick
}

// comparePollStores reports PostgreSQL's cycle against SQLite's, both
// measured in this run.
func comparePollStores(b *bench, n int, lite, pg usage) {
	note := fmt.Sprintf("the same %s-source cycle (90 %% 304) on each store in this run, each with a simulator and a "+
		"store of its own; PostgreSQL is a local cluster on a Unix socket (fsync off) and its CPU includes the server's.", count(n))
	b.rep.Add(Figure{Group: "pollscale", Name: "cycle wall " + count(n) + " PostgreSQL vs SQLite", Value: secs(pg.Wall),
		Unit: "s", BaseName: "SQLite", Baseline: secs(lite.Wall), Note: note})
	b.rep.Add(Figure{Group: "pollscale", Name: "cycle CPU " + count(n) + " PostgreSQL vs SQLite", Value: secs(pg.CPU + pg.ServerCPU),
		Unit: "CPU s", BaseName: "SQLite", Baseline: secs(lite.CPU + lite.ServerCPU)})
}
