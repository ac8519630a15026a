// Package retrybudget bounds the retries one client sends, so that an outage
// does not multiply the load on a server that is already failing.
//
// The rule is Finagle's retry budget: over a sliding window (10 seconds),
// retries may add at most Percent percent to the calls the client made, plus
// a floor of MinPerSecond retries per second of the window, so that a
// lightly used client still retries. Both calls and retries leave the
// window as it slides, so the budget refills by itself: no outage leaves it
// empty once the outage is over, and no retry has to "release" anything.
// Because it is proportional to the client's own traffic, ordinary load
// with a few failures never exhausts it, however many goroutines share the
// client.
package retrybudget

import (
	"sync"
	"time"
)

// Window is how far back the budget counts calls and retries.
const Window = 10 * time.Second

// buckets divides the window: counts are kept per second, and a bucket
// older than the window is forgotten as a whole.
const buckets = 10

// Default is the budget a client has unless it says otherwise: retries add
// at most 20% to its calls, plus 10 retries per second.
var Default = Spec{Percent: 20, MinPerSecond: 10}

// Spec is the rule of a budget.
type Spec struct {
	// Percent is how many retries, as a percentage of the calls in the
	// window, the budget allows.
	Percent float64
	// MinPerSecond is the floor: this many retries per second of the
	// window are allowed whatever the traffic.
	MinPerSecond float64
}

// Budget counts one client's calls and retries. It is safe for concurrent
// use; its zero value is not usable, see New.
type Budget struct {
	spec Spec
	now  func() time.Time

	mu      sync.Mutex
	buckets [buckets]bucket
}

type bucket struct {
	second  int64 // the Unix second this bucket counts
	calls   float64
	retries float64
}

// New returns an empty budget following spec, reading time from now.
func New(spec Spec, now func() time.Time) *Budget {
	return &Budget{spec: spec, now: now}
}

// Call records that a call sent its first attempt.
func (b *Budget) Call() {
	b.mu.Lock()
	b.current().calls++
	b.mu.Unlock()
}

// TryRetry withdraws one retry and reports true when the budget allows it;
// a refused retry withdraws nothing.
func (b *Budget) TryRetry() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	cur := b.current()
	var calls, retries float64
	for _, bk := range b.buckets {
		if bk.second > cur.second-buckets {
			calls += bk.calls
			retries += bk.retries
		}
	}
	allowed := b.spec.MinPerSecond*Window.Seconds() + b.spec.Percent/100*calls
	if retries+1 > allowed {
		return false
	}
	cur.retries++
	return true
}

// current returns the bucket of the present second, emptying it first when
// it last counted an older one. The caller holds mu.
func (b *Budget) current() *bucket {
	sec := b.now().Unix()
	bk := &b.buckets[int(sec%buckets+buckets)%buckets]
	if bk.second != sec {
		*bk = bucket{second: sec}
	}
	return bk
}
