package paramjson_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/avara/avara-go/internal/paramjson"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type extraParams struct {
	Name string `json:"name"`
	paramjson.Extras
}

func TestExtras(t *testing.T) {
	t.Run("extra fields are merged into the object and can replace a typed one", func(t *testing.T) {
		p := extraParams{Name: "typed"}
		p.SetExtraFields(map[string]any{"newField": 1, "name": "extra", "raw": json.RawMessage(`{"a":true}`)})
		got, err := paramjson.Marshal(struct {
			Name string `json:"name"`
		}{p.Name}, p.Extras)
		require.NoError(t, err)
		assert.JSONEq(t, `{"name":"extra","newField":1,"raw":{"a":true}}`, string(got))
	})
	t.Run("an extra field that cannot be encoded is an error naming it", func(t *testing.T) {
		var e paramjson.Extras
		e.SetExtraFields(map[string]any{"bad": make(chan int)})
		_, err := paramjson.Marshal(struct{}{}, e)
		assert.ErrorContains(t, err, `extra field "bad"`)
	})
	t.Run("keys that differ only in invalid UTF-8 are refused, not written twice", func(t *testing.T) {
		type meta struct {
			Name     string            `json:"name"`
			Metadata map[string]string `json:"metadata"`
			List     []map[string]any  `json:"list,omitempty"`
		}
		withExtras := func(fields map[string]any) paramjson.Extras {
			var e paramjson.Extras
			e.SetExtraFields(fields)
			return e
		}
		tests := []struct {
			name   string
			typed  meta
			extras paramjson.Extras
			want   string
		}{
			{"two metadata keys", meta{Metadata: map[string]string{"a\xff": "1", "a\xfe": "2"}}, paramjson.Extras{},
				`param: metadata: "a\ufffd": two keys would be written as one`},
			{"a metadata key and one that is U+FFFD already", meta{Metadata: map[string]string{"a\xff": "1", "a\ufffd": "2"}}, paramjson.Extras{},
				`param: metadata: "a\ufffd": two keys would be written as one`},
			{"two extra fields", meta{}, withExtras(map[string]any{"x\xff": 1, "x\xfe": 2}),
				`param: "x\ufffd": two keys would be written as one`},
			{"two keys of an object in an extra field's list", meta{}, withExtras(map[string]any{"rows": []any{map[string]int{"k\xff": 1, "k\x80": 2}}}),
				`param: rows[]: "k\ufffd": two keys would be written as one`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := paramjson.Marshal(tt.typed, tt.extras)
				require.Error(t, err)
				assert.True(t, strings.HasPrefix(err.Error(), tt.want), "got %q, want it to start with %q", err, tt.want)
			})
		}
		t.Run("one invalid key, or invalid UTF-8 in values, is written as encoding/json writes it", func(t *testing.T) {
			got, err := paramjson.Marshal(meta{Name: "n\xff", Metadata: map[string]string{"a\xff": "v\xfe", "b": "1"}}, paramjson.Extras{})
			require.NoError(t, err)
			want, err := json.Marshal(meta{Name: "n\xff", Metadata: map[string]string{"a\xff": "v\xfe", "b": "1"}})
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
		})
	})
	t.Run("unknown keys are kept when decoding", func(t *testing.T) {
		var typed struct {
			Name string `json:"name"`
		}
		var e paramjson.Extras
		require.NoError(t, paramjson.Unmarshal([]byte(`{"name":"n","x":[1,2]}`), &typed, &e, "name"))
		assert.Equal(t, "n", typed.Name)
		require.Contains(t, e.ExtraFields(), "x")
		assert.JSONEq(t, `[1,2]`, string(e.ExtraFields()["x"].(json.RawMessage)))
	})
}
