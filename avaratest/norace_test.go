//go:build !race

package avaratest

const raceEnabled = false
