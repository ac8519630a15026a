package apijson

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// members reads every member of the object text with Member, recording for
// each the index k gives its key, or the unknown key itself, and skipping
// its value. It reads the text twice, as it is and followed by whitespace,
// so that each member is read both near the end of the input and far from
// it, and checks both readings agree.
func members(t *testing.T, k *Keys, text string) []any {
	t.Helper()
	got := membersOf(t, k, text)
	assert.Equal(t, got, membersOf(t, k, text+strings.Repeat(" ", 64)), "followed by whitespace: %s", text)
	return got
}

func membersOf(t *testing.T, k *Keys, text string) []any {
	t.Helper()
	d := NewDecoder(text)
	require.True(t, d.Object())
	var got []any
	for i, key, ok := d.Member(k); ok; i, key, ok = d.Member(k) {
		if i < 0 {
			got = append(got, key)
		} else {
			got = append(got, i)
		}
		d.Skip()
	}
	d.Finish()
	require.NoError(t, d.Err())
	return got
}

func TestMember(t *testing.T) {
	// Names of every length from 0 to 30 bytes, so that each of Member's
	// comparisons (one, two and three words, and longer) meets names that
	// differ from a known one in each of its words.
	var names []string
	for n := range 31 {
		names = append(names, strings.Repeat("k", n))
	}
	k := NewKeys(names...)

	t.Run("finds each known name, compact, spaced and escaped", func(t *testing.T) {
		for i, n := range names {
			for text, want := range map[string][]any{
				`{"` + n + `":1}`:                   {i},
				`{ "` + n + `" : 1 }`:               {i},
				`{"x":0,"` + n + `":1}`:             {"x", i},
				`{"x":0,` + "\n" + `"` + n + `":1}`: {"x", i},
			} {
				assert.Equal(t, want, members(t, k, text), text)
			}
			escaped := `{"` + strings.ReplaceAll(n, "k", `\u006b`) + `":1}`
			assert.Equal(t, []any{i}, members(t, k, escaped), escaped)
		}
	})
	t.Run("returns a name that differs from a known one in any byte as unknown", func(t *testing.T) {
		for _, n := range names[1:] {
			for at := range n {
				other := n[:at] + "j" + n[at+1:]
				assert.Equal(t, []any{other}, members(t, k, `{"`+other+`":1}`), other)
			}
		}
	})
	t.Run("tells a name from a longer one it begins", func(t *testing.T) {
		k := NewKeys("created", "createdAt", "createdByUserId")
		got := members(t, k, `{"createdByUserId":null,"createdAt":"","created":1,"createdB":2,"createdByUserIdX":3}`)
		assert.Equal(t, []any{2, 1, 0, "createdB", "createdByUserIdX"}, got)
	})
	t.Run("reads a name at the very end of the input", func(t *testing.T) {
		for i, n := range names {
			text := `{"` + n + `":1}`
			d := NewDecoder(text[:len(text)-2]) // `{"name":`, its value missing
			require.True(t, d.Object())
			got, _, ok := d.Member(k)
			assert.True(t, ok, n)
			assert.Equal(t, i, got, n)
		}
	})
}
