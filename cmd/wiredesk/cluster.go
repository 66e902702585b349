package main

import (
	"fmt"
	"os"
)

// defaultNode names this process in the leases it takes on a shared
// store: host name and process ID, unique among live nodes, and readable
// in the sources table when one of them dies.
func defaultNode() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "wiredesk"
	}
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}
