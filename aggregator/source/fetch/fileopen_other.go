//go:build !unix

package fetch

// dropOpenFlags: without O_NOFOLLOW and O_NONBLOCK, openDropFile's link
// and file-type checks are what protects a drop folder.
const dropOpenFlags = 0
