from spasm import create_app

app = create_app()
