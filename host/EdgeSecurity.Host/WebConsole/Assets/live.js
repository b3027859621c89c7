// Live alerts by cursor polling (docs/console.md): every few seconds the newest page of alerts is fetched
// with the token's header; alerts with an id above the highest seen are new. Ids only grow, so the highest
// id seen is the cursor. Polling needs no long-lived connection, works through any proxy, and costs one
// small indexed query per interval.
export class LiveAlerts {
  constructor(api, onChange, intervalMs = 3000) {
    this.api = api;
    this.onChange = onChange;
    this.intervalMs = intervalMs;
    this.highest = null;
    this.unseen = 0;
    this.fresh = new Set();
    this.listeners = new Set();
    this.timer = null;
  }

  start() {
    this.stop();
    this.poll();
    this.timer = setInterval(() => this.poll(), this.intervalMs);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.highest = null;
    this.unseen = 0;
    this.fresh.clear();
  }

  /** Called with the newest alerts page each poll (the alert queue re-renders from it). */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  markSeen() {
    this.unseen = 0;
    this.onChange([]);
  }

  async poll() {
    let page;
    try {
      page = await this.api.get('/alerts?limit=100');
    } catch (error) {
      // Retried at the next interval; meanwhile the header says that live updates are paused, and why.
      this.onChange([], error);
      return;
    }
    const items = page.items;
    const newest = items.reduce((max, a) => Math.max(max, a.id), 0);
    const fresh = this.highest === null ? [] : items.filter((a) => a.id > this.highest);
    this.highest = Math.max(this.highest ?? 0, newest);
    for (const alert of fresh) {
      this.fresh.add(alert.id);
    }
    this.unseen += fresh.length;
    this.onChange(fresh);
    for (const listener of this.listeners) {
      listener(items, fresh);
    }
  }
}
