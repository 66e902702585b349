//go:build unix

package fetch

import "syscall"

// dropOpenFlags open a drop-folder file without following a final symbolic
// link (O_NOFOLLOW) and without blocking on a named pipe (O_NONBLOCK).
const dropOpenFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
