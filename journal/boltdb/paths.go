package boltdb

// BackupDir returns the folder that holds the backups of the journal at path.
func BackupDir(path string) string { return backupDir(path) }
