//go:build race

package csvmap_test

// raceEnabled is true when the tests run under the race detector, which makes the
// 50 MiB read about fifteen times slower without telling anything new about memory.
const raceEnabled = true
