# SIGN with text embeddings of the class names ("a photo of a striped circle.") from all-MiniLM-L6-v2 (384-d).
# Needs the optional extra: pip install -e ".[text]" (computed once, cached in ~/.cache/clseg/embeddings).
_base_ = ['./sign_r18_synthvoc-15-5-unseen.py']
model = dict(embed_dim=384, embeddings=dict(_delete_=True, type='TextEncoderEmbeddings', model='all-MiniLM-L6-v2'))
