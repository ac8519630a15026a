package webhooksig

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReplayGuard(t *testing.T) {
	const window = 5 * time.Minute

	type step struct {
		id      string
		ts      time.Time // the delivery's timestamp
		now     time.Time
		forget  bool // Forget(id) instead of Accept
		wantErr error
	}
	tests := []struct {
		name   string
		maxIDs int
		steps  []step
	}{
		{
			name: "a first delivery is accepted and a replay of it refused",
			steps: []step{
				{id: "msg_1", ts: t0, now: t0},
				{id: "msg_1", ts: t0, now: t0.Add(time.Second), wantErr: ErrReplayed},
			},
		},
		{
			name: "a replay is refused up to the end of the window",
			steps: []step{
				{id: "msg_1", ts: t0, now: t0},
				{id: "msg_1", ts: t0, now: t0.Add(window), wantErr: ErrReplayed},
			},
		},
		{
			name: "a replay with a later timestamp is refused while the first is in the window",
			steps: []step{
				{id: "msg_1", ts: t0, now: t0},
				{id: "msg_1", ts: t0.Add(4 * time.Minute), now: t0.Add(4 * time.Minute), wantErr: ErrReplayed},
			},
		},
		{
			name: "different ids are each accepted",
			steps: []step{
				{id: "msg_1", ts: t0, now: t0},
				{id: "msg_2", ts: t0, now: t0},
				{id: "msg_3", ts: t0.Add(-time.Minute), now: t0},
			},
		},
		{
			name: "an id expires once its timestamp is outside the window",
			steps: []step{
				{id: "msg_1", ts: t0, now: t0},
				// The same delivery is now stale: the guard refuses it as
				// Verify would, rather than remembering it.
				{id: "msg_1", ts: t0, now: t0.Add(window + time.Second), wantErr: ErrTimestampTooOld},
				// A new delivery with the same id, after the first expired.
				{id: "msg_1", ts: t0.Add(window + time.Second), now: t0.Add(window + time.Second)},
			},
		},
		{
			name: "an id with a timestamp ahead of now is remembered until that timestamp leaves the window",
			steps: []step{
				{id: "msg_1", ts: t0.Add(4 * time.Minute), now: t0},
				{id: "msg_1", ts: t0.Add(8 * time.Minute), now: t0.Add(8 * time.Minute), wantErr: ErrReplayed},
				{id: "msg_1", ts: t0.Add(9*time.Minute + time.Second), now: t0.Add(9*time.Minute + time.Second)},
			},
		},
		{
			name: "a stale or future timestamp is refused and not recorded",
			steps: []step{
				{id: "msg_1", ts: t0.Add(-6 * time.Minute), now: t0, wantErr: ErrTimestampTooOld},
				{id: "msg_1", ts: t0.Add(6 * time.Minute), now: t0, wantErr: ErrTimestampTooNew},
				{id: "msg_1", ts: t0, now: t0},
			},
		},
		{
			name: "an empty id is refused as a missing header",
			steps: []step{
				{id: "", ts: t0, now: t0, wantErr: ErrMissingHeader},
			},
		},
		{
			name: "a forgotten id is accepted again",
			steps: []step{
				{id: "msg_1", ts: t0, now: t0},
				{id: "msg_1", forget: true},
				{id: "msg_1", ts: t0.Add(time.Minute), now: t0.Add(time.Minute)},
				{id: "msg_1", ts: t0.Add(time.Minute), now: t0.Add(time.Minute), wantErr: ErrReplayed},
			},
		},
		{
			name: "forgetting an unknown id does nothing",
			steps: []step{
				{id: "msg_1", ts: t0, now: t0},
				{id: "msg_2", forget: true},
				{id: "msg_1", ts: t0, now: t0, wantErr: ErrReplayed},
			},
		},
		{
			name: "a clock stepped back cannot revive an expired id",
			steps: []step{
				{id: "msg_1", ts: t0, now: t0},
				{id: "msg_2", ts: t0.Add(10 * time.Minute), now: t0.Add(10 * time.Minute)}, // expires msg_1
				{id: "msg_1", ts: t0, now: t0.Add(time.Minute), wantErr: ErrTimestampTooOld},
			},
		},
		{
			name:   "a new id is refused at the bound while the others are in the window",
			maxIDs: 2,
			steps: []step{
				{id: "msg_1", ts: t0, now: t0},
				{id: "msg_2", ts: t0, now: t0},
				{id: "msg_3", ts: t0, now: t0.Add(time.Minute), wantErr: ErrReplayGuardFull},
				{id: "msg_1", ts: t0, now: t0.Add(time.Minute), wantErr: ErrReplayed},
			},
		},
		{
			name:   "a new id is accepted at the bound once an old one expired",
			maxIDs: 2,
			steps: []step{
				{id: "msg_1", ts: t0, now: t0},
				{id: "msg_2", ts: t0.Add(2 * time.Minute), now: t0.Add(2 * time.Minute)},
				{id: "msg_3", ts: t0.Add(window + time.Second), now: t0.Add(window + time.Second)},
				{id: "msg_4", ts: t0.Add(window + time.Second), now: t0.Add(window + time.Second), wantErr: ErrReplayGuardFull},
				{id: "msg_2", ts: t0.Add(2 * time.Minute), now: t0.Add(window + time.Second), wantErr: ErrReplayed},
			},
		},
		{
			name:   "a forgotten id frees its place under the bound",
			maxIDs: 1,
			steps: []step{
				{id: "msg_1", ts: t0, now: t0},
				{id: "msg_2", ts: t0, now: t0, wantErr: ErrReplayGuardFull},
				{id: "msg_1", forget: true},
				{id: "msg_2", ts: t0, now: t0},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := NewReplayGuard(window, tc.maxIDs)
			for i, s := range tc.steps {
				if s.forget {
					g.Forget(s.id)
					continue
				}
				err := g.Accept(s.id, s.ts, s.now)
				if s.wantErr == nil {
					require.NoError(t, err, "step %d", i)
				} else {
					require.ErrorIs(t, err, s.wantErr, "step %d", i)
					assert.NotContains(t, err.Error(), "msg_", "step %d: the error quotes the id", i)
				}
			}
		})
	}
}

func TestReplayGuardDefaults(t *testing.T) {
	t.Run("a guard without a window uses the default tolerance", func(t *testing.T) {
		g := NewReplayGuard(0, 0)
		assert.Equal(t, DefaultTolerance, g.window)
		assert.Equal(t, DefaultMaxIDs, g.max)
	})
}

func TestReplayGuardMemoryFollowsTheWindow(t *testing.T) {
	g := NewReplayGuard(time.Minute, 1000)
	// One delivery a second for an hour: the guard never holds more than the
	// last minute's ids (61, both bounds of the window included).
	for i := range 3600 {
		now := t0.Add(time.Duration(i) * time.Second)
		require.NoError(t, g.Accept(fmt.Sprintf("msg_%d", i), now, now))
		require.LessOrEqual(t, g.Len(), 61)
	}
	assert.Equal(t, 61, g.Len())
	assert.Len(t, g.expiry, g.Len(), "the expiry heap holds exactly the remembered ids")
}

func TestReplayGuardStoresIDsAtAFixedSize(t *testing.T) {
	g := NewReplayGuard(time.Minute, 10)
	long := strings.Repeat("x", 1<<20)
	require.NoError(t, g.Accept(long, t0, t0))
	require.ErrorIs(t, g.Accept(long, t0, t0), ErrReplayed)
	require.NoError(t, g.Accept(long[1:], t0, t0), "an id sharing a long prefix is another id")
}

func TestReplayGuardConcurrentAcceptsOfOneID(t *testing.T) {
	g := NewReplayGuard(time.Minute, 100)
	var accepted, replayed atomic.Int32
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			now := t0.Add(time.Duration(i) * time.Millisecond)
			switch err := g.Accept("msg_same", t0, now); {
			case err == nil:
				accepted.Add(1)
			case assert.ErrorIs(t, err, ErrReplayed):
				replayed.Add(1)
			}
			g.Forget(fmt.Sprintf("msg_other_%d", i))
			_ = g.Len()
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(1), accepted.Load(), "exactly one of the concurrent deliveries is accepted")
	assert.Equal(t, int32(63), replayed.Load())
}

func TestVerifyThenAccept(t *testing.T) {
	key := keyOf(9)
	g := NewReplayGuard(DefaultTolerance, 10)
	payload := []byte(`{"type":"order.paid"}`)
	h := SignedHeaders("msg_pay", t0, payload, key)

	receive := func(now time.Time) error {
		ts, err := key.Verify(h, payload, now, DefaultTolerance)
		if err != nil {
			return err
		}
		return g.Accept(h.ID, ts, now)
	}

	t.Run("the first delivery is accepted", func(t *testing.T) {
		require.NoError(t, receive(t0.Add(time.Second)))
	})
	t.Run("the captured delivery replayed within the window is refused as a replay", func(t *testing.T) {
		require.ErrorIs(t, receive(t0.Add(4*time.Minute)), ErrReplayed)
	})
	t.Run("the captured delivery replayed after the window is refused as stale", func(t *testing.T) {
		require.ErrorIs(t, receive(t0.Add(6*time.Minute)), ErrTimestampTooOld)
	})
}
