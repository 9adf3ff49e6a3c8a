// `lab routes <vm>`: the VM's effective routes as Azure computes them, and its kernel routes when the lab is up.
import { Command } from "commander";
import { AZ_COLUMNS, azRows, vmRoutes } from "../../emu/route-report.js";
import { loadStack } from "../../emu/stack.js";
import { common, EXIT, out, table, type Common, type Done } from "../options.js";

async function cmdRoutes(vm: string, o: Common): Promise<number> {
  const loaded = loadStack(o.stack);
  const r = await vmRoutes(loaded.lab, loaded.topo, vm);
  if (o.json) out(JSON.stringify(r, null, 2));
  else {
    out(`Effective routes of ${r.vm}'s NIC (${r.vnet}/${r.subnet}), as az network nic show-effective-route-table:`);
    out(table([...AZ_COLUMNS], azRows(r.effective)));
    out(r.kernel ? `Kernel routes inside ${r.vm}:\n${r.kernel.map((l) => `  ${l}`).join("\n")}` : `(lab not up: no kernel routes)`);
  }
  return EXIT.ok;
}

export const routesCommand = (done: Done): Command =>
  common(new Command("routes").argument("<vm>").description("effective (Azure) and kernel routes of a VM")).action(async (vm, o) =>
    done(await cmdRoutes(vm, o)),
  );
