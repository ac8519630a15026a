package avara_test

import (
	"github.com/avara/avara-go/internal/fakeclock"
	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/option"
)

// withClock gives a client (or a call) the fake clock c: its waits between
// attempts take no real time, they move c forward instead, and the retry
// budget's window slides only when c does. Tests of retries use it so that
// they neither sleep nor depend on the machine's speed.
func withClock(c *fakeclock.Clock) option.RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Clock = c
		return nil
	}
}
