// The echo, in nginx: the request's head rebuilt from the raw header lines, in their order and case,
// then its body, answered with a Content-Length (r.return). Byte-exact for a request whose header
// lines are written "Name: value", as loadlab's are.
function echo(r) {
    var head = r.method + ' ' + r.variables.request_uri + ' HTTP/' + r.httpVersion + '\r\n';
    var raw = r.rawHeadersIn;
    for (var i = 0; i < raw.length; i++) {
        head += raw[i][0] + ': ' + raw[i][1] + '\r\n';
    }
    head += '\r\n';
    var body = r.requestBuffer;
    r.headersOut['Content-Type'] = 'application/octet-stream';
    r.return(200, body ? Buffer.concat([Buffer.from(head), body]) : Buffer.from(head));
}

export default { echo };
