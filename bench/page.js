// Injected before any script of every benchmarked page (page.addInitScript):
// paint timing, the first meaningful render, the wasm memory, the byte count
// of local storage and IndexedDB writes, and, for plans larger than the
// browser's quota that the app cannot keep in IndexedDB, a local storage
// stand-in for the app's key. `cfg` comes from bench/run.mjs.
(cfg) => {
  const B = (window.__bench = { ready: null, painted: null, wasm: null, writes: [], shimFetchMs: 0 });

  /** Resolves after the next frame has been painted. */
  B.nextPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

  /** Milliseconds from before `action` until its effect is painted. */
  B.time = async (action) => {
    const t0 = performance.now();
    await action();
    await B.nextPaint();
    return performance.now() - t0;
  };

  // First meaningful render: the selector is in the document and painted.
  if (cfg.ready) {
    const seen = () => {
      if (B.ready !== null || !document.querySelector(cfg.ready)) return false;
      B.ready = performance.now();
      performance.mark('bench:ready');
      B.nextPaint().then(() => {
        B.painted = performance.now();
        performance.mark('bench:painted');
      });
      return true;
    };
    const observer = new MutationObserver(() => seen() && observer.disconnect());
    observer.observe(document, { childList: true, subtree: true });
  }

  // Trunk announces the instance; its memory is the wasm heap.
  addEventListener('TrunkApplicationStarted', (e) => {
    B.wasm = e.detail.wasm;
    performance.mark('bench:started');
  });
  // The minimal page's loader announces nothing: find its memory through
  // wasm-bindgen's instantiate. The marks split a start-up trace: compiled
  // and instantiated, then Rust's `main` until Trunk's event.
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async function (...args) {
    const result = await instantiate.apply(this, args);
    B.wasm = B.wasm ?? (result.instance ?? result).exports;
    performance.mark('bench:instantiated');
    return result;
  };
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async function (...args) {
    const result = await instantiateStreaming.apply(this, args);
    B.wasm = B.wasm ?? result.instance.exports;
    performance.mark('bench:instantiated');
    return result;
  };

  // Which keys are written, and how many UTF-16 code units (what the quota
  // counts for text that is not all Latin-1).
  const realGet = Storage.prototype.getItem;
  const realSet = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    B.writes.push({ key, units: String(key).length + String(value).length });
    return shim && this === localStorage && key === cfg.key ? shim.set(value) : realSet.call(this, key, value);
  };
  // A plan over the quota cannot be kept in local storage: the app's key
  // is served from memory, fetched once (that fetch is timed and taken off
  // the start-up figure).
  const shim = cfg.shimUrl && {
    value: null,
    get() {
      if (this.value === null) {
        const t0 = performance.now();
        const xhr = new XMLHttpRequest();
        xhr.open('GET', cfg.shimUrl, false);
        xhr.send();
        this.value = xhr.responseText;
        B.shimFetchMs += performance.now() - t0;
      }
      return this.value;
    },
    set(value) {
      this.value = String(value);
    },
  };
  Storage.prototype.getItem = function (key) {
    return shim && this === localStorage && key === cfg.key ? shim.get() : realGet.call(this, key);
  };

  // IndexedDB, once the app stores there: the code units each put hands the
  // database (key and value, counted as for local storage), whether the app
  // opened its database, and the read-write transactions still running, so
  // that an asynchronous save can be waited for.
  if (self.IDBFactory) {
    const units = (v) => (typeof v === 'string' ? v.length : Array.isArray(v) ? v.reduce((s, x) => s + units(x), 0) : 0);
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value, key) {
      B.writes.push({ key: `idb:${this.name}`, units: units(key) + units(value) });
      return put.call(this, value, key);
    };
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (...args) {
      B.idb = true;
      return open.apply(this, args);
    };
    const transaction = IDBDatabase.prototype.transaction;
    B.idbWriting = 0;
    IDBDatabase.prototype.transaction = function (names, mode, ...rest) {
      const tx = transaction.call(this, names, mode, ...rest);
      if (mode === 'readwrite') {
        B.idbWriting += 1;
        const done = () => (B.idbWriting -= 1);
        tx.addEventListener('complete', done);
        tx.addEventListener('abort', done);
      }
      return tx;
    };
    /** Resolves once no read-write transaction is running (after the ones a task just queued). */
    B.idbIdle = async () => {
      await new Promise((r) => setTimeout(r, 0));
      while (B.idbWriting > 0) await new Promise((r) => setTimeout(r, 1));
    };
  }
}
