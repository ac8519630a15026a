package avara

import (
	"time"

	"github.com/avara/avara-go/packages/param"
)

// String returns a param.Opt set to v, for optional string params.
func String(v string) param.Opt[string] { return param.NewOpt(v) }

// Int returns a param.Opt set to v, for optional integer params.
func Int(v int64) param.Opt[int64] { return param.NewOpt(v) }

// Bool returns a param.Opt set to v, for optional boolean params.
func Bool(v bool) param.Opt[bool] { return param.NewOpt(v) }

// Time returns a param.Opt set to v, for optional timestamp params.
func Time(v time.Time) param.Opt[time.Time] { return param.NewOpt(v) }
