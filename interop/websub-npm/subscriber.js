// A WebSub subscriber built on the npm package "pubsubhubbub" (not
// wiredesk's code): it subscribes to TOPIC at HUB with a secret and prints
// one JSON line per event it gets from the library: "listening",
// "subscribe" (intent verified), "feed" (a delivery whose signature the
// library checked), "denied", "error".
//
// Usage: node subscriber.js HUB TOPIC SECRET
'use strict';

const crypto = require('crypto');
const pubsubhubbub = require('pubsubhubbub');

const [hub, topic, secret] = process.argv.slice(2);
if (!hub || !topic || !secret) {
    console.error('usage: node subscriber.js HUB TOPIC SECRET');
    process.exit(2);
}

const say = o => process.stdout.write(JSON.stringify(o) + '\n');

// pubsubhubbub 1.0.2 sends the hub HMAC-SHA1(secret, topic) as hub.secret
// but checks X-Hub-Signature with the secret it was created with: the
// instance that receives deliveries is given that derived secret, the
// one that subscribes the original.
const derived = crypto.createHmac('sha1', secret).update(topic).digest('hex');
const receiver = pubsubhubbub.createServer({ secret: derived });

receiver.on('subscribe', d => say({ event: 'subscribe', topic: d.topic, lease: d.lease }));
receiver.on('unsubscribe', d => say({ event: 'unsubscribe', topic: d.topic }));
receiver.on('denied', d => say({ event: 'denied', topic: d.topic }));
receiver.on('error', e => say({ event: 'error', error: String(e) }));
receiver.on('feed', d => say({ event: 'feed', topic: d.topic, hub: d.hub, type: d.headers['content-type'], body: d.feed.toString('utf8') }));

receiver.on('listen', () => {
    const callbackUrl = 'http://127.0.0.1:' + receiver.server.address().port + '/push';
    say({ event: 'listening', callback: callbackUrl });
    const subscriber = pubsubhubbub.createServer({ secret, callbackUrl });
    subscriber.subscribe(topic, hub, err => {
        if (err) {
            say({ event: 'error', error: String(err), body: err.responseBody });
        }
    });
});
receiver.listen(0, '127.0.0.1');
