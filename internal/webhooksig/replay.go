package webhooksig

import (
	"container/heap"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"time"
)

// DefaultMaxIDs is how many ids a ReplayGuard remembers when its caller
// sets no bound: 100,000 ids in a five-minute window is over 300 deliveries
// a second, sustained, and takes about 14 MB (136 bytes an id).
const DefaultMaxIDs = 100_000

var (
	// ErrReplayed is returned by ReplayGuard.Accept for an id it already
	// accepted within the window: the delivery is a replay, or a retry of
	// one the receiver already handled.
	ErrReplayed = errors.New("webhooksig: webhook id already accepted")

	// ErrReplayGuardFull is returned by ReplayGuard.Accept when it already
	// remembers its maximum number of ids, none of them expired. The
	// delivery is refused rather than an id forgotten early, since a
	// forgotten id could be replayed; a receiver should answer so that
	// Avara retries later (HTTP 503), by when the oldest ids have expired.
	ErrReplayGuardFull = errors.New("webhooksig: too many webhook ids in the replay window")
)

// ReplayGuard refuses a second delivery with a webhook-id it has already
// accepted, which a valid signature and timestamp alone cannot: a captured
// delivery verifies again until its timestamp leaves the tolerance.
//
// It remembers an id until the id's timestamp is more than the window
// before now, when Verify refuses the delivery as too old anyway, so its
// memory follows the delivery rate; and never more than its maximum number
// of ids, past which it refuses new ones with ErrReplayGuardFull. Ids are
// stored as SHA-256 hashes, so a long id costs no more memory than a short
// one.
//
// Record only deliveries whose signature verified: an id that anyone can
// put in the guard lets anyone block the genuine delivery with that id.
// The guard lives in one process's memory; receivers behind a load
// balancer need a shared store instead.
//
// A ReplayGuard is safe for concurrent use; of several concurrent Accepts
// of one id, exactly one succeeds. Its zero value is not usable; see
// NewReplayGuard.
type ReplayGuard struct {
	window time.Duration
	max    int

	mu     sync.Mutex
	latest time.Time // the latest now seen; the guard's clock never goes back
	ids    map[[sha256.Size]byte]*seenID
	expiry expiryHeap
}

type seenID struct {
	sum     [sha256.Size]byte
	expires time.Time // timestamp + window: after it, Verify refuses the id as too old
	index   int       // position in expiryHeap, for heap.Remove
}

// NewReplayGuard returns an empty guard for deliveries verified with the
// given tolerance (zero or less means DefaultTolerance), remembering at
// most maxIDs ids (zero or less means DefaultMaxIDs). The window must be
// at least the tolerance Verify uses: with a shorter one, an id is
// forgotten while its delivery still verifies, and can be replayed.
func NewReplayGuard(window time.Duration, maxIDs int) *ReplayGuard {
	if window <= 0 {
		window = DefaultTolerance
	}
	if maxIDs <= 0 {
		maxIDs = DefaultMaxIDs
	}
	return &ReplayGuard{
		window: window,
		max:    maxIDs,
		ids:    make(map[[sha256.Size]byte]*seenID),
	}
}

// Accept records the delivery id, whose webhook-timestamp is timestamp (as
// returned by Verify), at time now, and returns nil the first time. It
// refuses, recording nothing:
//
//   - an empty id, with a *MissingHeaderError;
//   - a timestamp outside the window, with ErrTimestampTooOld or
//     ErrTimestampTooNew, since the guard cannot promise to remember such
//     an id for as long as it would verify;
//   - an id accepted before whose timestamp is still in the window, with
//     ErrReplayed;
//   - any new id when the guard holds its maximum, with ErrReplayGuardFull.
//
// The guard's clock is the latest now it was given: a now earlier than
// that is taken as the latest, so that a clock stepped back cannot revive
// an id the guard already forgot.
func (g *ReplayGuard) Accept(id string, timestamp, now time.Time) error {
	if id == "" {
		return &MissingHeaderError{Header: HeaderID}
	}
	sum := sha256.Sum256([]byte(id))

	g.mu.Lock()
	defer g.mu.Unlock()
	if now.After(g.latest) {
		g.latest = now
	}
	now = g.latest
	if err := checkWindow(timestamp, now, g.window); err != nil {
		return err
	}
	g.expire(now)
	if _, ok := g.ids[sum]; ok {
		return ErrReplayed
	}
	if len(g.ids) >= g.max {
		return fmt.Errorf("%w (%d)", ErrReplayGuardFull, g.max)
	}
	e := &seenID{sum: sum, expires: timestamp.Add(g.window)}
	g.ids[sum] = e
	heap.Push(&g.expiry, e)
	return nil
}

// Forget removes id, so that a later delivery with it is accepted: for a
// receiver that failed to handle a delivery after Accept and wants Avara's
// retry, which carries the same id, to be handled. Forgetting an id the
// guard does not hold does nothing.
func (g *ReplayGuard) Forget(id string) {
	sum := sha256.Sum256([]byte(id))
	g.mu.Lock()
	defer g.mu.Unlock()
	if e, ok := g.ids[sum]; ok {
		heap.Remove(&g.expiry, e.index)
		delete(g.ids, sum)
	}
}

// Len returns how many ids the guard remembers, expired ones included until
// the next Accept removes them; for metrics and tests.
func (g *ReplayGuard) Len() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.ids)
}

// expire forgets the ids whose timestamp is more than the window before
// now: Verify refuses them as too old, so remembering them protects nothing.
func (g *ReplayGuard) expire(now time.Time) {
	for len(g.expiry) > 0 && now.After(g.expiry[0].expires) {
		e := heap.Pop(&g.expiry).(*seenID)
		delete(g.ids, e.sum)
	}
}

// expiryHeap orders ids by expiry, soonest first, so that expiring costs
// only the ids that expire.
type expiryHeap []*seenID

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *expiryHeap) Push(x any) {
	e := x.(*seenID)
	e.index = len(*h)
	*h = append(*h, e)
}

func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}
