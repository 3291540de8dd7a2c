package main

import (
	"flag"
	"reflect"
	"testing"

	"google.golang.org/protobuf/types/known/structpb"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func TestSplitShellWords(t *testing.T) {
	got, err := splitShellWords(`--max-old-space-size=4096  --title 'a b' "c\"d" e\ f`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"--max-old-space-size=4096", "--title", "a b", `c"d`, "e f"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if _, err := splitShellWords(`'open`); err == nil {
		t.Fatal("expected an error for an unterminated quote")
	}
}

func TestDropUnknownFlags(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.String("tracing", "", "")
	fs.Bool("logflow", false, "")
	got := dropUnknownFlags(fs, []string{"--logflow", "--new-flag", "x", "--other=1", "--tracing", "tcp://h:1",
		"127.0.0.1:1234"})
	want := []string{"--logflow", "--tracing", "tcp://h:1", "127.0.0.1:1234"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	// An unknown bare flag right before the engine address must not swallow the address.
	got = dropUnknownFlags(fs, []string{"--new-bool", "127.0.0.1:1234"})
	if !reflect.DeepEqual(got, []string{"127.0.0.1:1234"}) {
		t.Fatalf("got %q", got)
	}
}

func TestParseOptions(t *testing.T) {
	opts, err := structpb.NewStruct(map[string]any{"typescript": false, "tsconfig": "tsconfig.x.json",
		"nodeargs": "--inspect"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := parseOptions(&pulumirpc.ProgramInfo{Options: opts})
	if err != nil {
		t.Fatal(err)
	}
	if o.typescript || o.tsconfig != "tsconfig.x.json" || o.nodeargs != "--inspect" || o.packagemanager != "auto" {
		t.Fatalf("unexpected options %+v", o)
	}
	if o, _ := parseOptions(nil); !o.typescript {
		t.Fatal("typescript must default to true")
	}
	bad, _ := structpb.NewStruct(map[string]any{"typescript": "yes"})
	if _, err := parseOptions(&pulumirpc.ProgramInfo{Options: bad}); err == nil {
		t.Fatal("expected an error for a non-boolean typescript option")
	}
}
