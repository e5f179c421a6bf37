package main

import (
	"encoding/json"

	"hindsight/journal"
)

func jsonBytes(t *journal.Thesis) ([]byte, error) { return json.Marshal(t) }
