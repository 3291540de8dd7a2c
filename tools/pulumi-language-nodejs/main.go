// Command pulumi-language-nodejs is a small Pulumi language host for Node.js/TypeScript programs.
//
// Why it exists: the upstream host module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
// cannot be fetched in our build environment, but github.com/pulumi/pulumi/sdk/v3 can. The engine only needs a
// process that serves the LanguageRuntime gRPC service and, on Run, starts `node @pulumi/pulumi/cmd/run` with the
// command line and environment that the @pulumi/pulumi npm package expects. This file does exactly that and mirrors
// upstream's behaviour for everything `pulumi preview/up/refresh/destroy` touch; code generation, plugin hosting
// (RunPlugin), bun and debugger attachment are deliberately left out (they return Unimplemented or an error).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// version is what GetPluginInfo reports; it matches the CLI and npm SDK we pin. Override with
// -ldflags "-X main.version=..." if the pins move.
var version = "3.248.0"

const (
	// Module the host resolves from the program directory and runs; PULUMI_LANGUAGE_NODEJS_RUN_PATH overrides it
	// (same knob as upstream, used for testing against a local SDK build).
	defaultRunPath = "@pulumi/pulumi/cmd/run"
	// @pulumi/pulumi's run script exits with 32 after it has already reported the error to the engine
	// (nodeJSProcessExitedAfterLoggingUserActionableMessage); we answer with Bail so the CLI does not print it twice.
	exitCodeErrorAlreadyReported = 32
)

func main() {
	// Own flag set with ContinueOnError so a flag we do not know cannot kill the host. glog's flags (-v,
	// -logtostderr, ...), which the engine forwards when it runs with --logflow, live on flag.CommandLine and are
	// what logging.InitLogging reads, so we share their Value objects instead of redefining them.
	fs := flag.NewFlagSet("pulumi-language-nodejs", flag.ContinueOnError)
	tracing := fs.String("tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	root := fs.String("root", "", "Project root path (accepted for compatibility; the engine sends it in ProgramInfo)")
	logflow := fs.Bool("logflow", false, "Flow logging settings to child processes")
	runtimeName := fs.String("runtime", "nodejs", "JavaScript runtime; only nodejs is supported here")
	fs.Bool("typescript", true, "Deprecated; use the `typescript` runtime option in Pulumi.yaml")
	showVersion := fs.Bool("version", false, "Print the plugin version and exit")
	flag.CommandLine.VisitAll(func(f *flag.Flag) {
		if fs.Lookup(f.Name) == nil {
			fs.Var(f.Value, f.Name, f.Usage)
		}
	})
	if err := fs.Parse(dropUnknownFlags(fs, os.Args[1:])); err != nil {
		cmdutil.Exit(err)
	}
	if *showVersion {
		fmt.Println(version)
		return
	}
	if *runtimeName != "nodejs" {
		cmdutil.Exit(fmt.Errorf("unsupported runtime: %s", *runtimeName))
	}
	logging.InitLogging(false, 0, *logflow)
	if ep := os.Getenv("PULUMI_OTEL_EXPORTER_OTLP_ENDPOINT"); ep != "" {
		if err := cmdutil.InitOtelTracing("pulumi-language-nodejs", ep); err != nil {
			logging.V(3).Infof("failed to initialize OTel tracing: %v", err)
		}
		defer cmdutil.CloseOtelTracing()
	} else {
		cmdutil.InitTracing("pulumi-language-nodejs", "pulumi-language-nodejs", *tracing)
	}

	// The engine passes its own gRPC address as the (last, and normally only) positional argument.
	var engineAddress string
	if args := fs.Args(); len(args) > 0 {
		engineAddress = args[len(args)-1]
	}

	// Stop serving on Ctrl-C, or when the engine disappears (the health check calls cancel), so we never outlive it.
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	stop := make(chan bool)
	go func() { <-ctx.Done(); cancel(); close(stop) }()
	if engineAddress != "" {
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, cancel); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start health check host RPC server: %w", err))
		}
	}

	h := newHost(engineAddress, *tracing, *root)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel:  stop,
		Init:    func(srv *grpc.Server) error { pulumirpc.RegisterLanguageRuntimeServer(srv, h); return nil },
		Options: rpcutil.TracingServerInterceptorOptions(nil),
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host RPC server: %w", err))
	}
	// The engine reads the port from the first line of our stdout; nothing may be printed before it.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}

// dropUnknownFlags removes flags fs does not define, so a newer engine passing an extra flag does not make us exit.
// An unknown "-name value" pair is dropped as a pair unless the value is the last argument, because the engine
// always puts its address last.
func dropUnknownFlags(fs *flag.FlagSet, args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || a == "-" || !strings.HasPrefix(a, "-") {
			return append(out, args[i:]...) // positional arguments start here; flag parsing stops too
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		next := i+1 < len(args) && !strings.HasPrefix(args[i+1], "-")
		if f == nil {
			fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: ignoring unknown flag %s\n", a)
			if !hasValue && next && i+2 < len(args) {
				i++
			}
			continue
		}
		out = append(out, a)
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !hasValue && next && !(ok && b.IsBoolFlag()) {
			i++
			out = append(out, args[i])
		}
	}
	return out
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string // from argv, or from Handshake when the engine attaches to an already running host
	tracing       string
	root          string
	cancelCtx     context.Context // cancelled by the Cancel RPC: running programs get SIGINT
	cancelFunc    context.CancelFunc
}

func newHost(engineAddress, tracing, root string) *nodeHost {
	ctx, cancel := context.WithCancel(context.Background())
	return &nodeHost{engineAddress: engineAddress, tracing: tracing, root: root, cancelCtx: ctx, cancelFunc: cancel}
}

func (h *nodeHost) engine() string { h.mu.Lock(); defer h.mu.Unlock(); return h.engineAddress }

func (h *nodeHost) Handshake(ctx context.Context,
	req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	h.engineAddress = req.GetEngineAddress()
	h.mu.Unlock()
	// Like upstream: when attached through Handshake, also exit once that engine goes away.
	hctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	if err := rpcutil.Healthcheck(hctx, req.GetEngineAddress(), 5*time.Minute, cancel); err != nil {
		cancel()
		return nil, fmt.Errorf("could not start health check: %w", err)
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// Upstream scans node_modules for package.json files with {"pulumi": {"resource": true}} so that the engine can
// pre-install provider plugins. Our programs only use dynamic providers (the engine loads pulumi-resource-pulumi-nodejs
// from PATH on demand) and plugin acquisition is disabled, so reporting nothing is both correct and cheaper.
func (h *nodeHost) GetRequiredPlugins(context.Context,
	*pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *nodeHost) GetRequiredPackages(context.Context,
	*pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// GetProgramDependencies feeds `pulumi about`; the direct dependencies of package.json with installed versions.
func (h *nodeHost) GetProgramDependencies(_ context.Context,
	req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	var pkg struct{ Dependencies, DevDependencies map[string]string }
	if b, err := os.ReadFile(filepath.Join(dir, "package.json")); err == nil {
		_ = json.Unmarshal(b, &pkg) // a broken package.json just yields no dependencies here; node reports it on Run
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, deps := range []map[string]string{pkg.Dependencies, pkg.DevDependencies} {
		for name, wanted := range deps {
			v := wanted
			var installed struct{ Version string }
			if b, err := os.ReadFile(filepath.Join(dir, "node_modules", name, "package.json")); err == nil &&
				json.Unmarshal(b, &installed) == nil && installed.Version != "" {
				v = installed.Version
			}
			resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: name, Version: v})
		}
	}
	// Map order is random; sort so `pulumi about` output is stable.
	slices.SortFunc(resp.Dependencies, func(a, b *pulumirpc.DependencyInfo) int { return strings.Compare(a.Name, b.Name) })
	return resp, nil
}

// InstallDependencies is a deliberate no-op: the project installs its own node_modules (npm ci) before running
// pulumi, and this machine cannot reach arbitrary package sources anyway.
func (h *nodeHost) InstallDependencies(_ *pulumirpc.InstallDependenciesRequest,
	server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	return server.Send(&pulumirpc.InstallDependenciesResponse{
		Stdout: []byte("Skipping dependency installation: run `npm install` in the project yourself.\n"),
	})
}

func (h *nodeHost) RuntimeOptionsPrompts(context.Context,
	*pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *nodeHost) Template(context.Context, *pulumirpc.TemplateRequest) (*pulumirpc.TemplateResponse, error) {
	return &pulumirpc.TemplateResponse{}, nil // same as upstream: nothing to do for Node.js templates
}

func (h *nodeHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	opts, err := parseOptions(req.GetInfo())
	if err != nil {
		return nil, err
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	resp := &pulumirpc.AboutResponse{Executable: nodeBin, Metadata: map[string]string{
		"packagemanager": packageManager(opts.packagemanager, req.GetInfo().GetProgramDirectory()),
	}}
	if out, err := exec.CommandContext(ctx, nodeBin, "--version").Output(); err == nil {
		resp.Version = strings.TrimSpace(string(out))
	}
	return resp, nil
}

// Cancel asks running programs to stop (SIGINT, then SIGKILL after a grace period), like upstream.
func (h *nodeHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancelFunc()
	return &emptypb.Empty{}, nil
}

// nodeOptions are the `runtime.options` of Pulumi.yaml that matter when running a program.
type nodeOptions struct {
	typescript     bool   // run .ts through ts-node (default true, as upstream)
	tsconfig       string // PULUMI_NODEJS_TSCONFIG_PATH
	nodeargs       string // extra arguments for node, split shell-style
	packagemanager string // only reported by About here
}

func parseOptions(info *pulumirpc.ProgramInfo) (nodeOptions, error) {
	o := nodeOptions{typescript: true, packagemanager: "auto"}
	m := info.GetOptions().AsMap()
	if v, ok := m["typescript"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return o, errors.New("typescript option must be a boolean")
		}
		o.typescript = b
	}
	for key, dst := range map[string]*string{"tsconfig": &o.tsconfig, "nodeargs": &o.nodeargs,
		"packagemanager": &o.packagemanager} {
		if v, ok := m[key]; ok {
			s, isString := v.(string)
			if !isString {
				return o, fmt.Errorf("%s option must be a string", key)
			}
			*dst = s
		}
	}
	switch o.packagemanager {
	case "auto", "npm", "yarn", "pnpm", "bun":
	default:
		return o, fmt.Errorf("packagemanager option must be one of auto, npm, yarn, pnpm or bun, got %q",
			o.packagemanager)
	}
	return o, nil
}

// packageManager mirrors upstream's "auto" detection from lock files (used only for `pulumi about`).
func packageManager(option, dir string) string {
	if option != "auto" && option != "" {
		return option
	}
	for _, c := range []struct{ file, pm string }{{"bun.lock", "bun"}, {"bun.lockb", "bun"},
		{"pnpm-lock.yaml", "pnpm"}, {"yarn.lock", "yarn"}} {
		if _, err := os.Stat(filepath.Join(dir, c.file)); err == nil {
			return c.pm
		}
	}
	return "npm"
}

// Run executes the program: node [nodeargs] <@pulumi/pulumi/cmd/run> --monitor ... <entry point> [args...].
func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if req.GetAttachDebugger() {
		return &pulumirpc.RunResponse{Error: "attaching a debugger is not supported by this language host"}, nil
	}
	// Engines since 3.1xx send ProgramInfo; fall back to the deprecated fields for older ones.
	info := req.GetInfo()
	if info == nil {
		entry := req.GetProgram()
		if entry == "" {
			entry = "."
		}
		info = &pulumirpc.ProgramInfo{RootDirectory: h.root, ProgramDirectory: req.GetPwd(), EntryPoint: entry}
	}
	opts, err := parseOptions(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the $PATH: " + err.Error()}, nil
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		runPath = defaultRunPath
	}
	if runPath, err = resolveModule(ctx, nodeBin, info.GetProgramDirectory(), runPath); err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	// Config goes through the environment as JSON. The run script still accepts the legacy
	// "<namespace>:config:<name>" key form, which is what upstream sends, so we send it too.
	cfg := make(map[string]string, len(req.GetConfig()))
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return &pulumirpc.RunResponse{Error: "failed to serialize configuration: " + err.Error()}, nil
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{} // "[]" rather than "null"
	}
	cfgJSON, _ := json.Marshal(cfg)            // map[string]string always marshals
	secretsJSON, _ := json.Marshal(secretKeys) // []string always marshals
	env := append(os.Environ(), "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretsJSON))
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}

	args, err := splitShellWords(opts.nodeargs)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	args = append(args, runPath)
	flagArg := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	// The SDK talks to the engine's monitor directly. Upstream interposes a monitor proxy plus a "--sync" pipe
	// directory for synchronous invokes, but @pulumi/pulumi 3.248.0 never reads that pipe, so we skip both.
	flagArg("monitor", req.GetMonitorAddress())
	flagArg("engine", h.engine())
	flagArg("organization", req.GetOrganization())
	flagArg("project", req.GetProject())
	flagArg("root-directory", info.GetRootDirectory())
	flagArg("stack", req.GetStack())
	flagArg("pwd", info.GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flagArg("parallel", strconv.Itoa(int(req.GetParallel())))
	flagArg("tracing", h.tracing)
	args = append(args, info.GetEntryPoint())
	args = append(args, req.GetArgs()...)

	// Stop node when the engine's request goes away or Cancel is called: SIGINT first so the SDK can flush,
	// then a hard kill after 5s.
	cmdCtx, cmdCancel := context.WithCancel(h.cancelCtx)
	defer cmdCancel()
	stopWatch := context.AfterFunc(ctx, cmdCancel)
	defer stopWatch()
	cmd := exec.CommandContext(cmdCtx, nodeBin, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = env
	// Node may switch the fds it is handed to non-blocking mode, which then breaks our own writes to them. Wrapping
	// the writers makes exec copy through pipes instead of passing os.Stdout/os.Stderr down directly.
	oom := &oomSniffer{w: os.Stderr}
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = oom
	logging.V(5).Infof("Language host launching process: %s %s", nodeBin, strings.Join(args, " "))

	err = cmd.Run()
	if err == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Problem executing program (could not run language executor): %v", err),
		}, nil
	}
	switch code := exitErr.ExitCode(); code {
	case exitCodeErrorAlreadyReported:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case 0:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited unexpectedly: %v", exitErr)}, nil
	default:
		msg := fmt.Sprintf("Program exited with non-zero exit code: %d", code)
		if oom.seen {
			msg += ". Detected a possible out of memory error. Consider increasing the memory available to the " +
				"nodejs process by setting the `nodeargs` runtime option in Pulumi.yaml to " +
				"`nodeargs: --max-old-space-size=<size>` where `<size>` is the maximum memory in megabytes."
		}
		return &pulumirpc.RunResponse{Error: msg}, nil
	}
}

// resolveModule asks node itself to resolve mod from the program directory, so hoisted installs and workspaces
// resolve exactly as they will when the program runs. The module name is passed as an argument, not spliced into
// the script.
func resolveModule(ctx context.Context, nodeBin, dir, mod string) (string, error) {
	const script = `try { console.log(require.resolve(process.argv[1])) } catch (e) {` +
		` console.error(e.code === "MODULE_NOT_FOUND" ? "It looks like the Pulumi SDK has not been installed.` +
		` Have you run pulumi install?" : e.message); process.exit(1) }`
	cmd := exec.CommandContext(ctx, nodeBin, "-e", script, mod)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// oomSniffer forwards node's stderr and remembers whether V8 printed its out-of-memory banner, so the final
// error can suggest raising --max-old-space-size (upstream does the same).
type oomSniffer struct {
	w    io.Writer
	seen bool
}

func (o *oomSniffer) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("<--- Last few GCs --->")) ||
		bytes.Contains(p, []byte("Check failed: needs_context && current_scope_ == closure_scope_")) {
		o.seen = true
	}
	return o.w.Write(p)
}

// splitShellWords splits the `nodeargs` option like a POSIX shell would (quotes and backslashes), which is what
// upstream's shlex.Split does, without pulling in another module.
func splitShellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord, quote, escaped := false, rune(0), false
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\' && quote != '\'':
			escaped, inWord = true, true
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 || escaped {
		return nil, fmt.Errorf("nodeargs: unterminated quote or escape in %q", s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
