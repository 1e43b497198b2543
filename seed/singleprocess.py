# The seed's single-process server: the multi-process server's handler, called directly in the
# accepting loop, without the Process (one connection at a time). Rebuilt from the report's
# description; see README.md in this directory for what was changed and why.
import socket
import sys


def handle_client(client_socket):
    try:
        request = client_socket.recv(1024)
        print(request.decode())
        response = "HTTP/1.1 200 OK\n\n" + request.decode()
        client_socket.send(response.encode())
    except Exception as e:
        print(e)
    finally:
        client_socket.close()


def main():
    port = int(sys.argv[1])
    server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server_socket.bind(("127.0.0.1", port))
    server_socket.listen(100)
    while True:
        client_socket, addr = server_socket.accept()
        handle_client(client_socket)


if __name__ == "__main__":
    main()
