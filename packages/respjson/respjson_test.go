package respjson_test

import (
	"testing"

	"github.com/avara/avara-go/packages/respjson"
	"github.com/stretchr/testify/assert"
)

func TestField(t *testing.T) {
	tests := []struct {
		name                          string
		field                         respjson.Field
		valid, present, null, invalid bool
		raw, str                      string
	}{
		{"the zero field was missing", respjson.Field{}, false, false, false, false, "", "missing"},
		{"a null field is present and null", respjson.NewField("null"), false, true, true, false, "null", "null"},
		{"a decoded field is valid and keeps its raw JSON", respjson.NewField(`"x"`), true, true, false, false, `"x"`, `valid "x"`},
		{"a wrong-typed field is present, invalid and keeps its raw JSON", respjson.NewInvalidField(`5`), false, true, false, true, `5`, `invalid 5`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.valid, tt.field.Valid(), "Valid")
			assert.Equal(t, tt.present, tt.field.IsPresent(), "IsPresent")
			assert.Equal(t, tt.null, tt.field.IsNull(), "IsNull")
			assert.Equal(t, tt.invalid, tt.field.IsInvalid(), "IsInvalid")
			assert.Equal(t, tt.raw, tt.field.Raw())
			assert.Equal(t, tt.str, tt.field.String())
		})
	}
}
