// `lab graph`: the lab drawn from the model (no root, no lab needed). dot and mermaid are the
// pure renderers' text; svg and png are `dot -T<format>` of the DOT text (graphviz).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { extname } from "node:path";
import { Command, Option } from "commander";
import { labToDot } from "../../graph/dot.js";
import { labToMermaid } from "../../graph/mermaid.js";
import { PrereqError } from "../../prereq.js";
import { loadLab } from "../../model/load.js";
import { withStack, type Done } from "../options.js";

export const GRAPH_FORMATS = ["svg", "png", "dot", "mermaid"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** Format from --format, else from -o's extension (.svg .png .dot .gv .mmd), else dot. */
export function graphFormat(format: string | undefined, file: string | undefined): GraphFormat {
  if (format) return format as GraphFormat;
  const ext = file ? extname(file).toLowerCase() : "";
  return ext === ".svg" ? "svg" : ext === ".png" ? "png" : ext === ".mmd" || ext === ".mermaid" ? "mermaid" : "dot";
}

/** DOT text -> picture with graphviz's dot; PrereqError when dot is not installed. */
export function runDot(dot: string, format: "svg" | "png" | "json" | "plain"): Buffer {
  const r = spawnSync("dot", [`-T${format}`], { input: dot, maxBuffer: 64 << 20, timeout: 60_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT")
    throw new PrereqError("graph --format svg|png needs graphviz's dot: apt-get install graphviz (or: npm run setup)");
  if (r.status !== 0) throw new Error(`dot -T${format} failed (exit ${r.status}): ${r.stderr.toString().trim()}`);
  return r.stdout;
}

export function renderGraph(stack: string, format: GraphFormat): Buffer {
  const loaded = loadLab(stack);
  if (format === "mermaid") return Buffer.from(labToMermaid(loaded.lab));
  const dot = labToDot(loaded.lab, `hub-spoke-vxlan: ${loaded.stack}`);
  return format === "dot" ? Buffer.from(dot) : runDot(dot, format);
}

export function graphCommand(done: Done): Command {
  return withStack(
    new Command("graph").description(
      "draw the lab from the model: VNets, subnets, VMs, gateways and circuits, peerings, tunnels (and their BGP sessions), UDRs, a hub pair's load balancer",
    ),
  )
    .addOption(new Option("--format <format>", "output format (default: from -o's extension, else dot)").choices(GRAPH_FORMATS))
    .option("-o, --output <file>", "write to FILE instead of stdout")
    .action((o: { stack: string; format?: GraphFormat; output?: string }) => {
      const format = graphFormat(o.format, o.output);
      if (format === "png" && !o.output && process.stdout.isTTY) throw new Error("refusing to write PNG to a terminal: give -o FILE.png");
      const bytes = renderGraph(o.stack, format);
      if (o.output) {
        writeFileSync(o.output, bytes);
        process.stderr.write(`graph: ${format} of ${o.stack} written to ${o.output} (${bytes.length} bytes)\n`);
      } else process.stdout.write(bytes);
      done(0);
    });
}
