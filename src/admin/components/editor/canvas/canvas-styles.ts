/**
 * The canvas's stylesheet: xyflow's own, then ours in the dashboard's colour variables (so the dark
 * theme follows). Plain CSS rather than Tailwind classes: the dashboard generates only the
 * utilities it uses itself, and these drawings need hover, drag and nested states.
 */
import xyflowCss from "@xyflow/react/dist/style.css?inline"

import { HANDLE_DOT, PORT_PILL_HEIGHT } from "./view"

const OWN_CSS = `
.jc-root { position: relative; display: flex; height: 100%; width: 100%; color: var(--fg-base); }
.jc-main { display: flex; flex-direction: column; flex: 1; min-width: 0; height: 100%; }
.jc-flow { position: relative; flex: 1; min-height: 0; }
.jc-flow .react-flow {
  --xy-background-color: var(--bg-subtle);
  --xy-background-pattern-color: var(--border-strong);
  --xy-edge-stroke: var(--border-strong);
  --xy-edge-stroke-width: 1.5;
  --xy-connectionline-stroke: var(--fg-interactive);
  --xy-controls-button-background-color: var(--bg-base);
  --xy-controls-button-background-color-hover: var(--bg-base-hover);
  --xy-controls-button-color: var(--fg-subtle);
  --xy-controls-button-color-hover: var(--fg-base);
  --xy-controls-button-border-color: var(--border-base);
  --xy-attribution-background-color: transparent;
}

.jc-palette { width: 208px; flex-shrink: 0; overflow-y: auto; padding: 12px; border-right: 1px solid var(--border-base); background: var(--bg-base); }
.jc-palette-hint { font-size: 12px; color: var(--fg-subtle); margin: 4px 0 8px; }
.jc-palette-group { font-size: 11px; font-weight: 500; text-transform: uppercase; letter-spacing: .04em; color: var(--fg-muted); margin: 12px 0 6px; }
.jc-palette-item {
  display: flex; align-items: center; gap: 8px; width: 100%; padding: 5px 8px; margin-bottom: 4px;
  border: 1px solid var(--border-base); border-radius: 8px; background: var(--bg-base);
  font-size: 13px; text-align: left; cursor: grab; color: var(--fg-base);
}
.jc-palette-item:hover { background: var(--bg-base-hover); border-color: var(--border-strong); }
.jc-palette-item:active { cursor: grabbing; }

.jc-node {
  position: relative; box-sizing: border-box; width: 100%; height: 100%;
  display: flex; flex-direction: column; justify-content: center; gap: 4px; padding: 8px 12px;
  background: var(--bg-base); border: 1px solid var(--border-base); border-radius: 12px;
  box-shadow: var(--elevation-card-rest); cursor: pointer;
}
.jc-node:hover { box-shadow: var(--elevation-card-hover); }
.jc-node[data-unfinished="true"] { border-style: dashed; border-color: var(--tag-orange-icon); }
.jc-node[data-problems="true"] { border-color: var(--fg-error); box-shadow: 0 0 0 1px var(--fg-error); }
.jc-node[data-selected="true"] { outline: 2px solid var(--fg-interactive); outline-offset: 3px; }
.jc-node-head { display: flex; align-items: center; gap: 8px; min-width: 0; }
.jc-node-title { flex: 1; min-width: 0; font-size: 13px; font-weight: 500; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.jc-node-summary { font-size: 12px; color: var(--fg-subtle); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.jc-node-menu { margin: -4px -6px -4px 0; }

.jc-icon { display: inline-flex; align-items: center; justify-content: center; flex-shrink: 0; width: 24px; height: 24px; border-radius: 6px; }
.jc-icon[data-tone="trigger"] { background: var(--tag-blue-bg); color: var(--tag-blue-icon); }
.jc-icon[data-tone="messages"] { background: var(--tag-green-bg); color: var(--tag-green-icon); }
.jc-icon[data-tone="timing"] { background: var(--tag-purple-bg); color: var(--tag-purple-icon); }
.jc-icon[data-tone="logic"] { background: var(--tag-orange-bg); color: var(--tag-orange-icon); }
.jc-icon[data-tone="actions"] { background: var(--tag-neutral-bg); color: var(--tag-neutral-icon); }
.jc-icon[data-tone="end"] { background: var(--tag-red-bg); color: var(--tag-red-icon); }
.jc-icon[data-tone="unknown"] { background: var(--tag-neutral-bg); color: var(--fg-muted); }

.jc-badge-problems {
  position: absolute; top: -9px; right: -9px; min-width: 18px; height: 18px; padding: 0 5px; box-sizing: border-box;
  border-radius: 9px; background: var(--fg-error); color: var(--fg-on-color);
  font-size: 11px; font-weight: 600; line-height: 18px; text-align: center;
}
.jc-unfinished {
  position: absolute; top: -9px; left: 12px; height: 18px; padding: 0 6px; box-sizing: border-box;
  border-radius: 9px; border: 1px solid var(--tag-orange-border); background: var(--tag-orange-bg); color: var(--tag-orange-text);
  font-size: 11px; font-weight: 500; line-height: 16px; white-space: nowrap;
}

.jc-flow .react-flow__handle.jc-dot {
  width: ${HANDLE_DOT}px; height: ${HANDLE_DOT}px; min-width: 0; min-height: 0; box-sizing: border-box;
  background: var(--border-strong); border: 1px solid var(--bg-base);
}
.jc-flow .react-flow__handle.jc-port {
  width: auto; min-width: 0; max-width: 120px; height: ${PORT_PILL_HEIGHT}px; min-height: 0; box-sizing: border-box;
  padding: 0 6px; border-radius: ${PORT_PILL_HEIGHT / 2}px; border: 1px solid var(--border-strong);
  background: var(--bg-base); color: var(--fg-subtle); font-size: 10px; line-height: ${PORT_PILL_HEIGHT - 2}px;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
}
.jc-flow .react-flow__handle.jc-anchor { width: 1px; height: 1px; min-width: 0; min-height: 0; opacity: 0; border: 0; transform: translate(-50%, 0); }
.jc-flow .react-flow__handle.connectionindicator:hover { border-color: var(--fg-interactive); }

/* xyflow turns pointer events off on nodes that are neither selectable nor draggable: the open ends. */
.jc-plus {
  pointer-events: all; display: inline-flex; align-items: center; justify-content: center; width: 20px; height: 20px; padding: 0;
  border-radius: 10px; border: 1px solid var(--border-strong); background: var(--bg-base); color: var(--fg-subtle);
  cursor: pointer; transition: transform .1s;
}
.jc-plus:hover, .jc-plus[data-state="open"], .jc-plus[data-over="true"] { background: var(--bg-interactive); border-color: var(--bg-interactive); color: var(--fg-on-color); }
.jc-root[data-dragging="true"] .jc-plus { transform: scale(1.4); border-color: var(--fg-interactive); border-style: dashed; }
.jc-placeholder { width: 100%; height: 100%; display: flex; align-items: center; justify-content: center; }
.jc-placeholder .jc-plus { width: 32px; height: 32px; border-radius: 16px; border-style: dashed; }
.jc-end { width: 8px; height: 8px; border-radius: 4px; background: var(--border-strong); }

.jc-problems { flex-shrink: 0; border-top: 1px solid var(--border-base); background: var(--bg-base); }
.jc-problems-toggle { display: flex; align-items: center; gap: 8px; width: 100%; padding: 8px 12px; font-size: 13px; font-weight: 500; background: none; border: 0; cursor: pointer; color: var(--fg-base); text-align: left; }
.jc-problems-toggle[data-count="0"] { cursor: default; }
.jc-problems-list { max-height: 200px; overflow-y: auto; border-top: 1px solid var(--border-base); }
.jc-problem { display: block; width: 100%; padding: 8px 12px; background: none; border: 0; border-bottom: 1px solid var(--border-base); text-align: left; cursor: pointer; color: var(--fg-base); }
.jc-problem:last-child { border-bottom: 0; }
.jc-problem:hover { background: var(--bg-base-hover); }
.jc-problem-where { display: block; font-size: 11px; color: var(--fg-subtle); }
.jc-problem-message { display: block; font-size: 12px; }
.jc-error-icon { color: var(--fg-error); }
.jc-ok-icon { color: var(--tag-green-icon); }
`

export const CANVAS_CSS = `${xyflowCss}\n${OWN_CSS}`
