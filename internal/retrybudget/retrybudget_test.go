package retrybudget

import (
	"sync"
	"testing"
	"time"

	"github.com/avara/avara-go/internal/fakeclock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func retries(b *Budget, n int) (granted int) {
	for range n {
		if b.TryRetry() {
			granted++
		}
	}
	return granted
}

func TestBudget(t *testing.T) {
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	t.Run("an idle client may retry its floor: ten per second of the window", func(t *testing.T) {
		b := New(Default, fakeclock.New(start).Now)
		assert.Equal(t, 100, retries(b, 1000))
	})
	t.Run("calls add twenty percent of themselves to the floor", func(t *testing.T) {
		b := New(Default, fakeclock.New(start).Now)
		for range 1000 {
			b.Call()
		}
		assert.Equal(t, 300, retries(b, 1000))
	})
	t.Run("a refused retry withdraws nothing", func(t *testing.T) {
		b := New(Spec{Percent: 0, MinPerSecond: 0.1}, fakeclock.New(start).Now)
		assert.True(t, b.TryRetry())
		assert.False(t, b.TryRetry())
		b.Call() // 0% of calls: still nothing
		assert.False(t, b.TryRetry())
	})
	t.Run("retries leave the window as it slides: the budget refills", func(t *testing.T) {
		clock := fakeclock.New(start)
		b := New(Default, clock.Now)
		require.Equal(t, 100, retries(b, 1000), "the outage spends the floor")
		clock.Advance(5 * time.Second)
		assert.Zero(t, retries(b, 10), "half a window later the retries still count")
		clock.Advance(Window - 5*time.Second)
		assert.Equal(t, 100, retries(b, 1000), "a window later the floor is whole again")
	})
	t.Run("calls leave the window too", func(t *testing.T) {
		clock := fakeclock.New(start)
		b := New(Spec{Percent: 50}, clock.Now)
		for range 100 {
			b.Call()
		}
		clock.Advance(Window)
		assert.Zero(t, retries(b, 10), "calls of a window ago allow nothing now")
	})
	t.Run("a client with a few failures among many calls is never refused", func(t *testing.T) {
		clock := fakeclock.New(start)
		b := New(Default, clock.Now)
		refused := 0
		for i := range 100_000 {
			b.Call()
			if i%50 == 0 && !b.TryRetry() { // 2% of calls fail once
				refused++
			}
			if i%100 == 0 {
				clock.Advance(10 * time.Millisecond) // 10,000 calls a second
			}
		}
		assert.Zero(t, refused)
	})
	t.Run("goroutines sharing a budget never get more than it allows", func(t *testing.T) {
		b := New(Default, fakeclock.New(start).Now)
		var wg sync.WaitGroup
		var mu sync.Mutex
		granted := 0
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 20 {
					b.Call()
				}
				n := retries(b, 40)
				mu.Lock()
				granted += n
				mu.Unlock()
			}()
		}
		wg.Wait()
		assert.LessOrEqual(t, granted, 100+200, "the floor and 20% of the 1,000 calls")
		assert.GreaterOrEqual(t, granted, 100, "at least the floor")
	})
}
