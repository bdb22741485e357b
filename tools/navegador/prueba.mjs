// El libro en un navegador de verdad: Chromium sin interfaz, manejado con
// playwright-core, contra el libro construido en book/ y servido en 127.0.0.1.
//
// Comprueba, como lo usa un lector:
//   - cada página carga sin errores en la consola y sin peticiones fallidas;
//   - los bloques de código están coloreados (highlight.js los ha procesado);
//   - el botón ▶ solo aparece en los bloques cuyos crates tiene el playground;
//   - el buscador encuentra «Mutex» y «cancelación»;
//   - la página de impresión carga con todos los capítulos y pide imprimir;
//   - a 375 px de ancho (un teléfono), solo los bloques de código se desplazan de lado.
// Y guarda una captura de un capítulo en target/navegador/.
//
// Uso: node tools/navegador/prueba.mjs [carpeta del libro]   (por omisión, book)
// CHROMIUM=/ruta/al/ejecutable cambia el navegador (por omisión, /usr/bin/chromium).

import { createServer } from "node:http";
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";

const root = resolve(process.argv[2] ?? "book");
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const capturas = resolve("target/navegador");

// Los crates del playground de Rust que el libro usa (https://play.rust-lang.org
// tiene los 100 más descargados). Sin red, la lista que mdBook pide al playground la
// sirve esta prueba; así se comprueba que el botón ▶ sigue a los `extern crate`.
const PLAYGROUND_CRATES = ["tokio", "rayon", "crossbeam", "parking_lot"];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".json": "application/json",
};

function serve(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

const problems = [];
function problem(page, text) {
  problems.push(`${page}: ${text}`);
}

const server = await serve(root);
const origin = `http://127.0.0.1:${server.address().port}`;
const profile = mkdtempSync(join(tmpdir(), "navegador-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

try {
  // Nada sale de la máquina: el playground se responde aquí y cualquier otra
  // dirección que no sea el servidor del libro es un fallo.
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith(origin)) return route.continue();
    if (url === "https://play.rust-lang.org/meta/crates") {
      return route.fulfill({
        status: 200,
        contentType: "application/json",
        headers: { "access-control-allow-origin": "*" },
        body: JSON.stringify({ crates: PLAYGROUND_CRATES.map((id) => ({ id, name: id })) }),
      });
    }
    problem(new URL(route.request().frame().url()).pathname, `pide ${url}, fuera del libro`);
    return route.abort();
  });

  const pages = readdirSync(root)
    .filter((f) => f.endsWith(".html") && !["print.html", "toc.html", "404.html"].includes(f))
    .sort();
  let blocks = 0;
  let playable = 0;

  for (const name of pages) {
    const page = await context.newPage();
    watch(page, name);
    await page.goto(`${origin}/${name}`, { waitUntil: "networkidle" });

    // highlight.js marca cada bloque procesado con la clase `hljs`.
    const code = await page.$$eval("main pre > code", (els) =>
      els.map((el) => ({
        hljs: el.classList.contains("hljs"),
        language: [...el.classList].find((c) => c.startsWith("language-")) ?? "",
      })),
    );
    blocks += code.length;
    const plain = code.filter((c) => !c.hljs);
    if (plain.length > 0) problem(name, `${plain.length} bloques de código sin colorear`);

    // El botón ▶: visible si y solo si todos los `extern crate` del bloque (también
    // los de sus líneas ocultas) están en el playground.
    const buttons = await page.$$eval(
      "pre.playground",
      (els, crates) =>
        els.map((pre) => {
          const text = pre.querySelector("code").textContent;
          const used = [...text.matchAll(/extern\s+crate\s+([a-zA-Z_0-9]+)\s*;/g)].map((m) => m[1]);
          const button = pre.querySelector(".play-button");
          return {
            expected: used.every((c) => crates.includes(c)),
            shown: !!button && !button.hidden && !button.classList.contains("hidden"),
            crates: used.join(", "),
          };
        }),
      PLAYGROUND_CRATES,
    );
    for (const b of buttons) {
      if (b.shown !== b.expected) {
        problem(name, `un bloque con crates [${b.crates}] ${b.shown ? "ofrece" : "no ofrece"} el botón ▶`);
      }
      if (b.shown) playable += 1;
    }
    await page.close();
  }

  // El buscador: la tecla `s` lo abre, y cada palabra da resultados.
  {
    const page = await context.newPage();
    watch(page, "buscador");
    await page.goto(`${origin}/index.html`, { waitUntil: "networkidle" });
    for (const word of ["Mutex", "cancelación"]) {
      // La tecla `s` abre el buscador y carga su índice; se busca al soltar cada
      // tecla, como cuando escribe una persona.
      await page.keyboard.press("s");
      await page.waitForFunction(() => window.search?.index !== undefined, null, { timeout: 5000 });
      await page.fill("#mdbook-searchbar", "");
      await page.type("#mdbook-searchbar", word);
      try {
        await page.waitForSelector("#mdbook-searchresults li", { timeout: 5000 });
        const found = await page.$$eval("#mdbook-searchresults li", (els) => els.length);
        console.log(`buscador: «${word}» da ${found} resultados`);
      } catch {
        problem("buscador", `«${word}» no da resultados`);
      }
      await page.keyboard.press("Escape");
    }
    await page.close();
  }

  // La página de impresión: todos los capítulos en una, y la orden de imprimir.
  {
    const page = await context.newPage();
    watch(page, "print.html");
    await page.addInitScript(() => {
      window.print = () => {
        window.__impreso = true;
      };
    });
    await page.goto(`${origin}/print.html`, { waitUntil: "networkidle" });
    await page.waitForFunction(() => window.__impreso === true, null, { timeout: 5000 }).catch(() =>
      problem("print.html", "no pide imprimir"),
    );
    const titles = await page.$$eval("main h1", (els) => els.length);
    if (titles < pages.length - 1) {
      problem("print.html", `tiene ${titles} títulos de capítulo y el libro ${pages.length - 1} páginas`);
    }
    console.log(`print.html: ${titles} capítulos en una página`);
    await page.close();
  }

  // A 375 px de ancho, lo único que se desplaza de lado es un bloque de código.
  {
    const page = await context.newPage({ viewport: { width: 375, height: 812 } });
    await page.setViewportSize({ width: 375, height: 812 });
    for (const name of pages) {
      await page.goto(`${origin}/${name}`, { waitUntil: "load" });
      const wide = await page.evaluate(() => {
        const out = [];
        const root = document.scrollingElement;
        if (root.scrollWidth > window.innerWidth + 1) {
          out.push(`la página mide ${root.scrollWidth} px de ancho`);
        }
        // Lo que está dentro de algo que se desplaza (un bloque de código, una tabla
        // ancha) no sale de la pantalla: lo recorta su contenedor.
        const inside = (el) => {
          for (let p = el.parentElement; p && p.tagName !== "MAIN"; p = p.parentElement) {
            if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return true;
          }
          return false;
        };
        for (const el of document.querySelectorAll("main *")) {
          if (el.closest("pre") || inside(el)) continue;
          const style = getComputedStyle(el);
          const scrolls = ["auto", "scroll"].includes(style.overflowX);
          if (scrolls && el.scrollWidth > el.clientWidth + 1) {
            out.push(`<${el.tagName.toLowerCase()} class="${el.className}"> se desplaza de lado (${el.scrollWidth} px en ${el.clientWidth})`);
          } else if (!scrolls && el.getBoundingClientRect().right > window.innerWidth + 1) {
            out.push(`<${el.tagName.toLowerCase()}> sale de la pantalla (hasta ${Math.round(el.getBoundingClientRect().right)} px)`);
          }
        }
        return [...new Set(out)].slice(0, 5);
      });
      for (const w of wide) problem(`${name} a 375 px`, w);
    }
    mkdirSync(capturas, { recursive: true });
    await page.goto(`${origin}/ch04-05-timeouts-cancelacion.html`, { waitUntil: "networkidle" });
    await page.screenshot({ path: join(capturas, "ch04-05-movil.png") });
    await page.close();
  }
  {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${origin}/ch04-05-timeouts-cancelacion.html`, { waitUntil: "networkidle" });
    await page.screenshot({ path: join(capturas, "ch04-05.png") });
    await page.close();
  }

  console.log(
    `${pages.length} páginas cargadas en Chromium, ${blocks} bloques de código coloreados, ${playable} con botón ▶; capturas en ${capturas}`,
  );
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`El libro en el navegador: ${problems.length} problemas`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}

function watch(page, name) {
  page.on("console", (msg) => {
    if (msg.type() === "error") problem(name, `error en la consola: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problem(name, `excepción: ${err.message}`));
  page.on("requestfailed", (req) => {
    if (req.url().startsWith(origin)) problem(name, `falló ${req.url()}: ${req.failure()?.errorText}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problem(name, `${res.url()} respondió ${res.status()}`);
  });
}
