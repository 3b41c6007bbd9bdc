// The preload's `contextBridge`, in the preload's isolated world.
//
// Contract. This file is one function expression,
// `(function cathodeContextBridge(config, bridgeEnd, withheld) {...})`, run in the preload's
// isolated world before the preload, as
//   `(<this file>)({"main": "<channel>", "worlds": {"1004": "<channel>"}}, <bridge_main.js>, [ipcRenderer])`
// and returns the `contextBridge` object the preload's `require('electron')` gives.
// - `config.main` is the channel of the main-world stub (bridge_main.js installed with
//   `{channel, side: "page"}`), `config.worlds` the channels of the stubs main installed in other
//   isolated worlds, by Electron world id. Each channel is a random name main picks per document
//   load; the stubs must be installed before this script (scripts added with
//   `Page.addScriptToEvaluateOnNewDocument` run in the order they were added).
// - `bridgeEnd` is bridge_main.js's function: the same engine runs on both sides.
// - `withheld` lists objects that cross as empty objects (Electron withholds `ipcRenderer`).
// Everything the page can touch is a structured clone of what this world sends, made by the
// browser; the page can only call the functions exposed here.
(function cathodeContextBridge(config, bridgeEnd, withheld) {
  'use strict';
  const MapCtor = Map;
  const ErrorCtor = Error;
  const TypeErrorCtor = TypeError;
  const StringCtor = String;
  const isInteger = Number.isInteger;
  const objectKeys = Object.keys;
  const mapGet = Map.prototype.get;

  const ends = new MapCtor();
  ends.set(0, bridgeEnd({ channel: config.main, side: 'isolated' }, withheld));
  const worlds = config.worlds || {};
  const worldIds = objectKeys(worlds);
  for (let i = 0; i < worldIds.length; i++) {
    const channel = worlds[worldIds[i]];
    ends.set(Number(worldIds[i]), bridgeEnd({ channel, side: 'isolated' }, withheld));
  }

  const conversionFailure = (index, value) =>
    new TypeErrorCtor(`Error processing argument at index ${index}, conversion failure from ${StringCtor(value)}`);

  return Object.freeze({
    /** Defines `window[apiKey]` in the page's main world: a frozen copy of `api`. */
    exposeInMainWorld(apiKey, api) {
      if (typeof apiKey !== 'string') throw conversionFailure(0, apiKey);
      mapGet.call(ends, 0).expose(apiKey, api);
    },
    /** Defines `window[apiKey]` in the isolated world `worldId` (0 is the main world). */
    exposeInIsolatedWorld(worldId, apiKey, api) {
      if (!isInteger(worldId)) throw conversionFailure(0, worldId);
      if (typeof apiKey !== 'string') throw conversionFailure(1, apiKey);
      const end = mapGet.call(ends, worldId);
      if (end === undefined) {
        const known = worldIds.length === 0 ? 'none' : worldIds.join(', ');
        throw new ErrorCtor(
          `cathode cannot expose '${apiKey}' in isolated world ${worldId}: this page has no such ` +
            `world (the isolated worlds main created for this window: ${known})`);
      }
      end.expose(apiKey, api);
    },
  });
})
