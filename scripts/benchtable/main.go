// Command benchtable reads `go test -bench` output on stdin and prints, for
// every benchmark, the median of each metric over its runs, and for every
// pair of an SDK sub-benchmark and its baseline in the same family, the
// ratio of their medians. scripts/bench runs it.
//
// Pairs are sdk vs baseline, sdk vs encoding_json, sdk_via_encoding_json
// vs encoding_json, prefetch=true vs prefetch=false, and the references of
// the benchref module (ogen, stainless, sonic, goccy) vs baseline and
// encoding_json.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var pairs = [][2]string{
	{"sdk", "baseline"},
	{"sdk", "encoding_json"},
	{"sdk_via_encoding_json", "encoding_json"},
	{"prefetch=true", "prefetch=false"},
	{"ogen", "baseline"},
	{"stainless", "baseline"},
	{"ogen", "encoding_json"},
	{"stainless", "encoding_json"},
	{"sonic", "encoding_json"},
	{"goccy", "encoding_json"},
}

// nameRE splits "BenchmarkGet/sdk-2" into family "Get" and sub "sdk".
var nameRE = regexp.MustCompile(`^Benchmark([^/\s]+)(?:/(\S+?))?(?:-\d+)?$`)

type bench struct {
	family, sub string
	metrics     map[string][]float64
	units       []string
}

func main() {
	benches, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	print(os.Stdout, benches)
}

func parse(r io.Reader) ([]*bench, error) {
	var order []*bench
	byName := map[string]*bench{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		m := nameRE.FindStringSubmatch(f[0])
		if m == nil {
			continue
		}
		key := m[1] + "/" + m[2]
		b := byName[key]
		if b == nil {
			b = &bench{family: m[1], sub: m[2], metrics: map[string][]float64{}}
			byName[key] = b
			order = append(order, b)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			unit := f[i+1]
			if _, ok := b.metrics[unit]; !ok {
				b.units = append(b.units, unit)
			}
			b.metrics[unit] = append(b.metrics[unit], v)
		}
	}
	return order, sc.Err()
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func print(w io.Writer, benches []*bench) {
	fmt.Fprintf(w, "\nMedians over the runs of each benchmark\n\n")
	fmt.Fprintf(w, "| benchmark | runs | time/op | B/op | allocs/op | other |\n|---|---|---|---|---|---|\n")
	for _, b := range benches {
		var other []string
		for _, u := range b.units {
			if u != "ns/op" && u != "B/op" && u != "allocs/op" && u != "MB/s" {
				other = append(other, fmt.Sprintf("%s %s", human(median(b.metrics[u])), u))
			}
		}
		fmt.Fprintf(w, "| %s/%s | %d | %s | %s | %s | %s |\n", b.family, b.sub, len(b.metrics["ns/op"]),
			duration(median(b.metrics["ns/op"])), human(median(b.metrics["B/op"])), human(median(b.metrics["allocs/op"])), strings.Join(other, ", "))
	}
	fmt.Fprintf(w, "\nRatios of medians, same run (below 1.00 means the first is faster or smaller)\n\n")
	fmt.Fprintf(w, "| pair | time | allocs |\n|---|---|---|\n")
	find := func(family, sub string) *bench {
		for _, b := range benches {
			if b.family == family && b.sub == sub {
				return b
			}
		}
		return nil
	}
	for _, b := range benches {
		for _, p := range pairs {
			if b.sub != p[0] {
				continue
			}
			base := find(b.family, p[1])
			if base == nil {
				continue
			}
			fmt.Fprintf(w, "| %s: %s / %s | %s | %s |\n", b.family, p[0], p[1],
				ratio(b.metrics["ns/op"], base.metrics["ns/op"]), ratio(b.metrics["allocs/op"], base.metrics["allocs/op"]))
		}
	}
}

func ratio(a, b []float64) string {
	ma, mb := median(a), median(b)
	if len(a) == 0 || len(b) == 0 || mb == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", ma/mb)
}

func duration(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func human(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
