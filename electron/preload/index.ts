// The sandboxed preload (built as CommonJS): exposes exactly `window.ciclo = { invoke, on }`.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld('ciclo', createBridge(ipcRenderer));
