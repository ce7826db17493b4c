// What Electron gives a utilityProcess: process.parentPort. The stand-in forks a Node child process and
// carries the messages over its IPC channel instead.
process.parentPort = {
  on(event, listener) {
    if (event === 'message') process.on('message', (data) => listener({ data }));
  },
  postMessage(message) {
    process.send?.(message);
  },
};
