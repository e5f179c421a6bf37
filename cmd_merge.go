package main

import (
	"fmt"
	"strings"
	"time"

	"hindsight/journal"
)

// mergeLine says in one line what importing a thesis the journal already held kept and
// why, e.g. "ID: kept the journal's version, which is newer (2026-11-29 10:00 vs the
// file's 2026-11-01 09:00); the file's claim is already in the revision history; nothing
// new from the file".
func mergeLine(n journal.MergeNote) string {
	other := "file"
	if n.KeptIncoming {
		other = "journal"
	}
	j, f := mergeTimes(n.StoredAt, n.IncomingAt)
	var parts []string
	switch {
	case n.Tie():
		parts = append(parts, fmt.Sprintf("kept the journal's version: both were saved at %s", j))
	case n.KeptIncoming:
		parts = append(parts, fmt.Sprintf("took the file's version, which is newer (%s vs the journal's %s)", f, j))
	default:
		parts = append(parts, fmt.Sprintf("kept the journal's version, which is newer (%s vs the file's %s)", j, f))
	}
	if n.ClaimDiffered {
		switch {
		case n.Tie():
			parts = append(parts, "both claims are in the revision history")
		case n.ClaimToHistory:
			parts = append(parts, fmt.Sprintf("the %s's claim went into the revision history", other))
		default:
			parts = append(parts, fmt.Sprintf("the %s's claim is already in the revision history", other))
		}
	}
	if len(n.Fields) > 0 {
		parts = append(parts, fmt.Sprintf("the %s's %s not taken", other, fieldList(n.Fields)))
	}
	if n.FromIncoming.IsZero() {
		parts = append(parts, "nothing new from the file")
	} else {
		parts = append(parts, "from the file: "+countList(n.FromIncoming))
	}
	if n.KeptIncoming && !n.OnlyStored.IsZero() {
		parts = append(parts, "kept from the journal: "+countList(n.OnlyStored))
	}
	return n.ID + ": " + strings.Join(parts, "; ")
}

// mergeTimes formats the journal's and the file's times to the minute in local time, or
// to the millisecond when the minutes alone would not tell them apart.
func mergeTimes(journalAt, fileAt time.Time) (string, string) {
	layout := "2006-01-02 15:04"
	if !journalAt.Equal(fileAt) && journalAt.Local().Format(layout) == fileAt.Local().Format(layout) {
		layout = "2006-01-02 15:04:05.000"
	}
	return journalAt.Local().Format(layout), fileAt.Local().Format(layout)
}

// fieldList names fields for a sentence: "body was", "body and tags were".
func fieldList(fields []string) string {
	switch len(fields) {
	case 1:
		return fields[0] + " was"
	default:
		return strings.Join(fields[:len(fields)-1], ", ") + " and " + fields[len(fields)-1] + " were"
	}
}

// countList says "1 snapshot, 2 reviews", leaving out what is zero.
func countList(c journal.MergeCounts) string {
	var parts []string
	for _, x := range []struct {
		n    int
		what string
	}{{c.Snapshots, "snapshot"}, {c.Reviews, "review"}, {c.Revisions, "revision"}} {
		switch {
		case x.n == 1:
			parts = append(parts, "1 "+x.what)
		case x.n > 1:
			parts = append(parts, fmt.Sprintf("%d %ss", x.n, x.what))
		}
	}
	return strings.Join(parts, ", ")
}
