//go:build race

package avaratest

// raceEnabled lets heavy tests scale down under the race detector, which
// slows the fake's JSON encoding about fivefold.
const raceEnabled = true
