// Package atomicfile replaces a file's contents so that a reader, or the
// file system after a crash, sees the old contents or the new, never part.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Write replaces path with data through a temporary file in the same
// directory: the data is written and fsynced, the temporary file renamed
// over path (rename(2) is atomic within a file system), and the directory
// fsynced so that the rename itself survives a power loss.
//
// When path is a symbolic link the file it points to is replaced, in its
// own directory, and the link stays: replacing the link by a plain file
// would leave what other readers follow behind. A replaced file keeps its
// permission bits; a new one gets 0644. The directory must exist.
func Write(path string, data []byte) error {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("write %s: %w", path, err)
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	fail := func(err error) error {
		if rmErr := os.Remove(name); rmErr != nil && !errors.Is(rmErr, os.ErrNotExist) {
			err = errors.Join(err, rmErr)
		}
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(errors.Join(err, tmp.Close()))
	}
	if err := tmp.Chmod(mode); err != nil {
		return fail(errors.Join(err, tmp.Close()))
	}
	if err := tmp.Sync(); err != nil {
		return fail(errors.Join(err, tmp.Close()))
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(name, path); err != nil {
		return fail(err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// syncDir fsyncs a directory, making a rename in it durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
